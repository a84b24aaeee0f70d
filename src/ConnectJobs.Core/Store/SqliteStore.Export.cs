using System.Globalization;
using ConnectJobs.Data;
using ConnectJobs.Export;
using Microsoft.Data.Sqlite;

namespace ConnectJobs.Store;

public sealed partial class SqliteStore
{
    /// <summary>Reads the source's rows into <paramref name="sink"/> in one read transaction, so the
    /// rows, their count and the watermark all come from one snapshot, whatever imports run meanwhile.</summary>
    public async Task<ExportedRows> ExportAsync(ExportSource source, IExportSink sink, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        await using var connection = await _data.OpenFileAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var watermark = await ClockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var targets = await LoadTargetsAsync(connection, transaction, null, cancellationToken).ConfigureAwait(false);
        var query = source.Events is { } feed
            ? await EventQueryAsync(connection, transaction, feed, cancellationToken).ConfigureAwait(false)
            : await ExportQueryAsync(connection, transaction, targets, source, watermark, cancellationToken).ConfigureAwait(false);
        long? total = null;
        if (query.Filtered)
        {
            progress?.Report(new WorkProgress(query.Activity, Messages.ProgressExportStarting, 0, null));
        }
        else
        {
            total = targets.First(t => t.Name.Equals(source.Target, StringComparison.OrdinalIgnoreCase)).RecordCount;
        }

        sink.Start(query.Columns);
        using var statement = new RawStatement(connection, query.Sql);
        for (var i = 0; i < query.Parameters.Count; i++)
        {
            statement.Bind(i + 1, query.Parameters[i]);
        }

        long rows = 0;
        while (statement.Step())
        {
            sink.Write(statement);
            if (++rows % ExportProgressInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new WorkProgress(query.Activity, string.Format(CultureInfo.CurrentCulture, total is null ? Messages.ProgressRows : Messages.ProgressRecordsOf, rows, total), rows, total));
            }
        }

        progress?.Report(new WorkProgress(query.Activity, string.Format(CultureInfo.CurrentCulture, Messages.ProgressRows, rows), rows, rows));
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ExportedRows(rows, query.Watermark ?? watermark);
    }
}
