using System.Globalization;
using System.Threading.Channels;
using ConnectJobs.Import;

namespace ConnectJobs.Store;

public abstract partial class SqlStore
{
    /// <summary>Rows read between hand-overs to the staging thread (a divisor of the progress interval).</summary>
    private protected const int StagingBatch = 1000;

    private protected const int ImportProgressInterval = 10_000;

    private protected readonly record struct CheckedRow(string Key, long Line, object?[] Values);

    /// <summary>Checked rows, and how many rows the file had given when they were handed over.</summary>
    private protected sealed record CheckedBatch(CheckedRow[] Rows, long Read);

    /// <summary>An import's file read and checked on a worker thread, its good rows handed over in
    /// batches to the thread that stages them (the two halves cost about the same, and a machine has
    /// more than one core); rejected rows go to the reject sink. The worker owns the file and the
    /// sink until it ends, whichever side fails: disposing waits for it.</summary>
    private protected sealed class RowFeed : IAsyncDisposable
    {
        private readonly Channel<CheckedBatch> _batches = Channel.CreateBounded<CheckedBatch>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        private readonly CancellationTokenSource _stop;
        private readonly Task _reader;

        public RowFeed(Staging staging, InboundFile file, InboundFormat format, RejectSink rejects, CancellationToken cancellationToken)
        {
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var token = _stop.Token;
            _reader = Task.Run(() => ReadAndCheckAsync(staging, file, format, rejects, token), token);
        }

        /// <summary>How many rows the file gave (rejected ones included).</summary>
        private long Rows { get; set; }

        /// <summary>Hands each checked row to <paramref name="write"/> on this thread, in file order,
        /// reporting progress as the file is read; once it is read whole, how many rows it gave
        /// (rejected ones included) and how many were written. Throws what the reading threw.</summary>
        public async Task<(long Rows, long Staged)> StageAsync(Action<CheckedRow> write, IProgress<WorkProgress>? progress, string activity, CancellationToken cancellationToken)
        {
            long staged = 0, reported = 0;
            await foreach (var batch in _batches.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var row in batch.Rows)
                {
                    write(row);
                }

                staged += batch.Rows.Length;
                if (batch.Read / ImportProgressInterval > reported / ImportProgressInterval)
                {
                    progress?.Report(new WorkProgress(activity, string.Format(CultureInfo.CurrentCulture, Messages.ProgressRowsRead, batch.Read), batch.Read, null));
                }

                reported = batch.Read;
            }

            await _reader.ConfigureAwait(false);
            return (Rows, staged);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(_reader).ConfigureAwait(false);
            _stop.Dispose();
        }

        private async Task ReadAndCheckAsync(Staging staging, InboundFile file, InboundFormat format, RejectSink rejects, CancellationToken token)
        {
            try
            {
                var batch = new List<CheckedRow>(StagingBatch);
                var handOver = (long)StagingBatch;
                foreach (var row in file.ReadRows(r => { rejects.Add(r); Rows++; }, token))
                {
                    Rows++;
                    if (staging.Rows.Check(row, format, out var problem) is { } values)
                    {
                        batch.Add(new CheckedRow(staging.Rows.Key(values), row.Line, values));
                    }
                    else
                    {
                        rejects.Add(problem!);
                    }

                    if (Rows >= handOver)
                    {
                        await _batches.Writer.WriteAsync(new CheckedBatch([.. batch], Rows), token).ConfigureAwait(false);
                        batch.Clear();
                        handOver = Rows + StagingBatch;
                    }
                }

                await _batches.Writer.WriteAsync(new CheckedBatch([.. batch], Rows), token).ConfigureAwait(false);
                _batches.Writer.Complete();
            }
            catch (Exception e)
            {
                _batches.Writer.Complete(e);
                throw;
            }
        }
    }
}
