using System.Data;
using System.Globalization;
using ConnectJobs.Export;
using Npgsql;

namespace ConnectJobs.Store;

/// <summary>An export's read on PostgreSQL: one repeatable-read snapshot for the clock, the catalogue
/// and the rows, which the server writes with COPY and the sink reads in place (PostgresCopyRows).</summary>
public sealed partial class PostgresStore
{
    public async Task<ExportedRows> ExportAsync(ExportSource source, IExportSink sink, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = (NpgsqlConnection)await _data.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            await StoreDatabase.ExecuteAsync(connection, transaction, BulkSettingsSql, cancellationToken).ConfigureAwait(false);
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

            void Report(long rows) =>
                progress?.Report(new WorkProgress(query.Activity, string.Format(CultureInfo.CurrentCulture, total is null ? Messages.ProgressRows : Messages.ProgressRecordsOf, rows, total), rows, total));

            sink.Start(query.Columns);
            var sql = Inlined(query.Sql, query.Parameters);
            var rows = sink.ServerLayout(query.Columns) is { } layout
                ? await CopyCsvAsync(connection, PostgresCopyRows.CsvCommand(sql, layout), sink, Report, cancellationToken).ConfigureAwait(false)
                : await CopyRowsAsync(connection, sql, query.Columns, typed: source.Events is null, sink, Report, cancellationToken).ConfigureAwait(false);
            progress?.Report(new WorkProgress(query.Activity, string.Format(CultureInfo.CurrentCulture, Messages.ProgressRows, rows), rows, rows));
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new ExportedRows(rows, query.Watermark ?? watermark);
        }
        catch (System.Data.Common.DbException e) when (_data.Fault(e) is { } fault)
        {
            throw fault;
        }
    }

    /// <summary>The server writes the file's text itself, as psql's <c>\copy … to</c> has it write,
    /// and the sink passes it on (with its line ends, counting): what a plain CSV export needs.</summary>
    private static async Task<long> CopyCsvAsync(NpgsqlConnection connection, string command, IExportSink sink, Action<long> report, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        using var export = await connection.BeginTextExportAsync(command, cancellationToken).ConfigureAwait(false);

        // The bytes as the server sent them (Npgsql's connection is UTF-8), not decoded into characters
        // only to be encoded again: the reader's own stream, read before the reader reads any of it.
        var text = export.BaseStream;
        var reported = 0L;
        while (await text.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) is var read and > 0)
        {
            sink.WriteServerCsv(buffer.AsSpan(0, read));
            if (sink.Rows - reported >= ExportProgressInterval)
            {
                report(reported = sink.Rows);
            }
        }

        return sink.Rows;
    }

    /// <summary>The server writes the rows in its binary format and the sink reads each value in
    /// place (a list's or table's columns as they are stored; a feed's computed columns as text).</summary>
    private static async Task<long> CopyRowsAsync(NpgsqlConnection connection, string sql, IReadOnlyList<Data.ColumnDefinition> columns, bool typed, IExportSink sink, Action<long> report, CancellationToken cancellationToken)
    {
        long rows = 0;
        await using var copy = await connection.BeginRawBinaryCopyAsync(PostgresCopyRows.Command(sql, columns.Count, typed), cancellationToken).ConfigureAwait(false);
        var row = new PostgresCopyRows(copy, columns, typed);
        while (await row.NextAsync(cancellationToken).ConfigureAwait(false))
        {
            sink.Write(row);
            if (++rows % ExportProgressInterval == 0)
            {
                report(rows);
            }
        }

        return rows;
    }

    /// <summary>The query with its positional parameters written in as literals: COPY takes no
    /// parameters. Text is quoted (standard strings: a quote doubled), numbers are invariant digits.</summary>
    private static string Inlined(string sql, List<object?> parameters) =>
        System.Text.RegularExpressions.Regex.Replace(sql.TrimEnd().TrimEnd(';'), @"\$(\d+)", m => Literal(parameters[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - 1]));

    private static string Literal(object? value) => value switch
    {
        null => "NULL",
        long or int => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "::double precision",
        _ => "'" + Convert.ToString(value, CultureInfo.InvariantCulture)!.Replace("'", "''", StringComparison.Ordinal) + "'::text",
    };
}
