using System.Globalization;
using System.Threading.Channels;
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
        await ExecuteAsync(connection, null, $"PRAGMA threads={SortThreads}; PRAGMA temp.cache_size=-{ImportCacheKiB}; PRAGMA main.cache_size=-{ImportCacheKiB}; {staging.CreateSql}", cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var batches = Channel.CreateBounded<CheckedBatch>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        var rows = 0L;
        var reader = Task.Run(() => ReadAndCheck(stop.Token), stop.Token);
        var staged = 0L;
        var reported = 0L;
        try
        {
            using var insert = new RawStatement(connection, staging.InsertSql);
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var row in batch.Rows)
                {
                    insert.Bind(1, row.Key);
                    insert.Bind(2, row.Line);
                    for (var i = 0; i < row.Values.Length; i++)
                    {
                        insert.Bind(i + 3, row.Values[i]);
                    }

                    insert.Execute();
                }

                staged += batch.Rows.Length;
                if (batch.Read / ImportProgressInterval > reported / ImportProgressInterval)
                {
                    progress?.Report(new WorkProgress(activity, string.Format(CultureInfo.CurrentCulture, Messages.ProgressRowsRead, batch.Read), batch.Read, null));
                }

                reported = batch.Read;
            }
        }
        finally
        {
            // The worker owns the file and the reject sink until it ends, whichever side failed.
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(reader).ConfigureAwait(false);
        }

        await reader.ConfigureAwait(false);

        // Rows arrive in file order, keys at random: appended first, then sorted once into the table
        // keyed by the match fields, where a later row with the same key replaces an earlier one (the
        // last wins) and which the merge reads in key order. Inserting at random into a keyed table
        // would touch B-tree pages at random, row after row.
        await ExecuteAsync(connection, transaction, "INSERT OR REPLACE INTO temp.stage SELECT * FROM temp.incoming ORDER BY k, line; DROP TABLE temp.incoming;", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (rows, staged);

        async Task ReadAndCheck(CancellationToken token)
        {
            try
            {
                var batch = new List<CheckedRow>(StagingBatch);
                var handOver = (long)StagingBatch;
                foreach (var row in file.ReadRows(r => { rejects.Add(r); rows++; }, token))
                {
                    rows++;
                    if (staging.Rows.Check(row, format, out var problem) is { } values)
                    {
                        batch.Add(new CheckedRow(staging.Rows.Key(values), row.Line, values));
                    }
                    else
                    {
                        rejects.Add(problem!);
                    }

                    if (rows >= handOver)
                    {
                        await batches.Writer.WriteAsync(new CheckedBatch([.. batch], rows), token).ConfigureAwait(false);
                        batch.Clear();
                        handOver = rows + StagingBatch;
                    }
                }

                await batches.Writer.WriteAsync(new CheckedBatch([.. batch], rows), token).ConfigureAwait(false);
                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.Complete(e);
                throw;
            }
        }
    }

    /// <summary>Rows read between hand-overs to the staging thread (a divisor of the progress interval).</summary>
    private const int StagingBatch = 1000;

    private readonly record struct CheckedRow(string Key, long Line, object?[] Values);

    /// <summary>Checked rows, and how many rows the file had given when they were handed over.</summary>
    private sealed record CheckedBatch(CheckedRow[] Rows, long Read);
}
