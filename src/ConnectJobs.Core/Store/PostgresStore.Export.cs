using System.Buffers.Text;
using System.Data;
using System.Globalization;
using System.Text;
using ConnectJobs.Data;
using ConnectJobs.Export;
using Npgsql;

namespace ConnectJobs.Store;

/// <summary>An export's read on PostgreSQL: one repeatable-read snapshot for the clock, the catalogue
/// and the rows, streamed from the server row by row into the sink.</summary>
public sealed partial class PostgresStore
{
    public async Task<ExportedRows> ExportAsync(ExportSource source, IExportSink sink, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = (NpgsqlConnection)await _data.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            var watermark = await ClockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var targets = await LoadTargetsAsync(connection, transaction, null, cancellationToken).ConfigureAwait(false);
            var query = source.Events is { } feed
                ? await EventQueryAsync(connection, transaction, feed, cancellationToken).ConfigureAwait(false)
                : await ExportQueryAsync(connection, transaction, targets, source, watermark, cancellationToken).ConfigureAwait(false);
            long? total = query.Filtered ? null : targets.First(t => t.Name.Equals(source.Target, StringComparison.OrdinalIgnoreCase)).RecordCount;
            if (total is null)
            {
                progress?.Report(new WorkProgress(query.Activity, Messages.ProgressExportStarting, 0, null));
            }

            sink.Start(query.Columns);
            long rows = 0;
            await using (var command = Positional(connection, transaction, query.Sql, query.Parameters))
            await using (var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false))
            {
                var row = new RowText(reader, query.Columns);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    row.Next();
                    sink.Write(row);
                    if (++rows % ExportProgressInterval == 0)
                    {
                        progress?.Report(new WorkProgress(query.Activity, string.Format(CultureInfo.CurrentCulture, total is null ? Messages.ProgressRows : Messages.ProgressRecordsOf, rows, total), rows, total));
                    }
                }
            }

            progress?.Report(new WorkProgress(query.Activity, string.Format(CultureInfo.CurrentCulture, Messages.ProgressRows, rows), rows, rows));
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new ExportedRows(rows, query.Watermark ?? watermark);
        }
        catch (System.Data.Common.DbException e) when (_data.Fault(e) is { } fault)
        {
            throw fault;
        }
    }

    /// <summary>The current row's values as UTF-8, written as SQLite gives them as text (a decimal
    /// with at most 15 significant digits and always a fraction, '12.0'), so that a file exported
    /// from either store is the same file.</summary>
    private sealed class RowText(NpgsqlDataReader reader, IReadOnlyList<ColumnDefinition> columns) : IRowReader
    {
        private readonly byte[][] _values = columns.Select(_ => new byte[64]).ToArray();
        private readonly int[] _lengths = new int[columns.Count];

        /// <summary>Reads the row (in column order, as sequential access asks).</summary>
        public void Next()
        {
            for (var i = 0; i < _lengths.Length; i++)
            {
                _lengths[i] = reader.IsDBNull(i) ? 0 : columns[i].Type switch
                {
                    ColumnType.Number => Format(i, reader.GetInt64(i)),
                    ColumnType.Decimal => Put(i, SqliteReal(reader.GetDouble(i))),
                    // A feed's text columns are computed, some as numbers (a type's id, a list's).
                    _ => Put(i, reader.GetFieldType(i) == typeof(string) ? reader.GetString(i) : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!),
                };
            }
        }

        public ReadOnlySpan<byte> GetUtf8(int column) => _values[column].AsSpan(0, _lengths[column]);

        private int Format(int column, long value)
        {
            Utf8Formatter.TryFormat(value, _values[column], out var written);
            return written;
        }

        private int Put(int column, string text)
        {
            var needed = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (_values[column].Length < needed)
            {
                _values[column] = new byte[Math.Max(needed, _values[column].Length * 2)];
            }

            return Encoding.UTF8.GetBytes(text, _values[column]);
        }

        /// <summary>SQLite's text of a REAL: "%!.15g", with '.0' on a whole number.</summary>
        private static string SqliteReal(double value)
        {
            var text = value.ToString("G15", CultureInfo.InvariantCulture);
            var exponent = text.IndexOf('E', StringComparison.Ordinal);
            var mantissa = exponent < 0 ? text : text[..exponent];
            if (!mantissa.Contains('.', StringComparison.Ordinal) && double.IsFinite(value))
            {
                mantissa += ".0";
            }

            return exponent < 0 ? mantissa : mantissa + "e" + text[(exponent + 1)..];
        }
    }
}
