using System.Globalization;
using ConnectJobs.Data;
using ConnectJobs.Import;
using Microsoft.Data.Sqlite;
using static ConnectJobs.Store.SqliteDatabase;

namespace ConnectJobs.Store;

/// <summary>An import's first phase: the file is read and checked on a worker thread and its rows
/// appended to a temporary table in file order, then sorted once by key (the last row of a key wins).</summary>
public sealed partial class SqliteStore
{
    /// <summary>Checks each row against the list's columns and copies the good ones into a temp table.
    /// Temp tables live outside data.db, so this takes no lock that other processes would wait for.
    /// Reading and checking run on a worker thread while this one writes the staging table: the
    /// two halves cost about the same, and a machine has more than one core.</summary>
    private static async Task<(long Rows, long Staged)> StageAsync(SqliteConnection connection, Staging staging, InboundFile file, InboundFormat format, RejectSink rejects,
        IProgress<WorkProgress>? progress, string activity, CancellationToken cancellationToken)
    {
        // SQLite sorts with helper threads when allowed: the sort below runs on the core the reading
        // thread has left. (Not in the merge: with its larger page cache, each helper's sort buffer
        // grows too.) The larger page cache serves the staging tables (appended rows stay in memory
        // until they are written out in whole pages) and the sort (its runs are as large as the main
        // cache: fewer runs, one merge pass).
        var typed = string.Join(", ", staging.Fields.Select(f => $"\"{f.Column.Name}\" {ValueConverter.SqlType(f.Column.Type)}"));
        await ExecuteAsync(connection, null, $"PRAGMA threads={SortThreads}; PRAGMA temp.cache_size=-{ImportCacheKiB}; PRAGMA main.cache_size=-{ImportCacheKiB}; CREATE TEMP TABLE incoming (k TEXT NOT NULL, line INTEGER NOT NULL, {typed}); CREATE TEMP TABLE stage (k TEXT PRIMARY KEY, line INTEGER NOT NULL, {typed}) WITHOUT ROWID;", cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        (long Rows, long Staged) counts;
        await using (var feed = new RowFeed(staging, file, format, rejects, cancellationToken))
        {
            using var insert = new RawStatement(connection, $"INSERT INTO temp.incoming VALUES ({string.Join(", ", Enumerable.Range(1, staging.Fields.Count + 2).Select(i => $"?{i}"))});");
            counts = await feed.StageAsync(
                row =>
                {
                    insert.Bind(1, row.Key);
                    insert.Bind(2, row.Line);
                    for (var i = 0; i < row.Values.Length; i++)
                    {
                        insert.Bind(i + 3, row.Values[i]);
                    }

                    insert.Execute();
                },
                progress, activity, cancellationToken).ConfigureAwait(false);
        }

        // Rows arrive in file order, keys at random: appended first, then sorted once into the table
        // keyed by the match fields, where a later row with the same key replaces an earlier one (the
        // last wins) and which the merge reads in key order. Inserting at random into a keyed table
        // would touch B-tree pages at random, row after row.
        await ExecuteAsync(connection, transaction, "INSERT OR REPLACE INTO temp.stage SELECT * FROM temp.incoming ORDER BY k, line; DROP TABLE temp.incoming;", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return counts;
    }
}
