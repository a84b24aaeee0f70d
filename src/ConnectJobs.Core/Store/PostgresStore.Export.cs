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
            // A list's or table's columns come as they are stored; a feed's are computed (as text).
            var typed = source.Events is null;
            await using (var copy = await connection.BeginRawBinaryCopyAsync(PostgresCopyRows.Command(Inlined(query.Sql, query.Parameters), query.Columns.Count, typed), cancellationToken).ConfigureAwait(false))
            {
                var row = new PostgresCopyRows(copy, query.Columns, typed);
                while (await row.NextAsync(cancellationToken).ConfigureAwait(false))
                {
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
