using System.Globalization;
using ConnectJobs.Import;
using Microsoft.Data.Sqlite;
using static ConnectJobs.Store.SqliteDatabase;

namespace ConnectJobs.Store;

/// <summary>The store's half of an import (Import/Importer.cs has the rest): the checked rows staged
/// in temp tables (.Staging), merged in one write transaction (.Merge), by SQL worked out once per
/// import (.ImportPlan).</summary>
public sealed partial class SqliteStore
{
    /// <summary>The page cache of an import's connection (its temp tables while staging, the target's
    /// B-tree pages a merge of a million rows revisits): small enough to keep an import well under 250 MB.</summary>
    private const int ImportCacheKiB = 16 * 1024;

    private static readonly int SortThreads = Math.Min(Environment.ProcessorCount, 4);

    public async Task<MergeCounts> MergeAsync(ImportBatch batch, InboundFile file, RejectSink rejects, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var request = batch.Request;
        var activity = string.Format(CultureInfo.CurrentCulture, Messages.ProgressImportFile, Path.GetFileName(request.Source), batch.Target.Name);
        try
        {
            await using var connection = await _data.OpenFileAsync(cancellationToken).ConfigureAwait(false);
            var staging = new Staging(batch.Map, batch.Target, batch.List, request.Options.Rules, Path.GetFileName(request.Source), SqlDialect.Sqlite);
            try
            {
                var (rowsRead, staged) = await StageAsync(connection, staging, file, request.Options.Format, rejects, progress, activity, cancellationToken).ConfigureAwait(false);
                request.CheckRowCount(rowsRead);
                progress?.Report(new WorkProgress(activity, string.Format(CultureInfo.CurrentCulture, Messages.ProgressMerging, rowsRead - rejects.Count), rowsRead, rowsRead));
                // Updates and new index entries land all over the target's B-trees: a page cache larger
                // than SQLite's 2 MB default keeps those pages in memory for the merge.
                await ExecuteAsync(connection, null, $"PRAGMA main.cache_size=-{ImportCacheKiB}; PRAGMA threads=0;", cancellationToken).ConfigureAwait(false);
                // One write transaction that takes the lock up front: the target changes completely or not at all.
                await using var transaction = connection.BeginTransaction(deferred: false);
                var counts = await MergeStagedAsync(connection, transaction, staging, request, staged, rejects, cancellationToken).ConfigureAwait(false);
                return counts with { RowsRead = rowsRead };
            }
            finally
            {
                // Pooled connections keep temp tables and settings: drop them with the work.
                await ExecuteAsync(connection, null, "DROP TABLE IF EXISTS temp.incoming; DROP TABLE IF EXISTS temp.stage; DROP TABLE IF EXISTS temp.matched; DROP TABLE IF EXISTS temp.listed; DROP TRIGGER IF EXISTS temp.cj_permission_events; PRAGMA main.cache_size=-2000; PRAGMA temp.cache_size=-2000; PRAGMA threads=0;", CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (SqliteException e) when (SqliteDatabase.IsFault(e))
        {
            throw _data.Fault(e);
        }
    }
}
