using System.Globalization;
using System.Text.RegularExpressions;
using ConnectJobs.Store;

namespace ConnectJobs.Jobs;

/// <summary>Runs a job once: takes its run lock, does the job's work (JobRunner.Import.cs,
/// JobRunner.Export.cs), and records how the run ended, with its files and log, whatever is thrown.</summary>
public sealed partial class JobRunner
{
    private readonly IConnectStore _store;

    public JobRunner(IConnectStore store) => _store = store;

    /// <summary>How often a run renews its lease (tests shorten it to see a lease lost).</summary>
    internal TimeSpan LeaseRenewal { get; init; } = SqlStore.LeaseRenewal;

    /// <summary>Runs the job. A preview (<paramref name="preview"/>) does everything but commit,
    /// move files or record a run. A failed run is returned with its error, not thrown; a run
    /// stopped by <paramref name="cancellationToken"/> is recorded as Stopped and then throws. A run
    /// that takes longer than the job's run timeout is stopped and recorded Failed (RunTimedOut); any
    /// other exception ends the run Failed (UnexpectedError), never leaving it Running.</summary>
    /// <remarks>With <paramref name="waitWhenRunning"/>, a run of the job that is in progress (in any
    /// process) is waited for, up to that long, instead of failing at once with JobAlreadyRunning.</remarks>
    /// <remarks><paramref name="note"/> goes into the run's log after its first line (why the run happens now).</remarks>
    /// <remarks>With <paramref name="force"/>, inbound files that the ledger says were imported already
    /// are imported again (a replay on purpose).</remarks>
    public async Task<JobRun> RunAsync(ConnectJob job, bool preview, IProgress<WorkProgress>? progress, CancellationToken cancellationToken, TimeSpan waitWhenRunning = default, bool force = false, string? note = null)
    {
        var run = preview
            ? new JobRun { JobId = job.Id, RunId = 0, Job = job.Name, Status = RunStatus.Running, Started = DateTime.UtcNow, Preview = true }
            : await StartAsync(job, waitWhenRunning, progress, cancellationToken).ConfigureAwait(false);
        var files = new List<RunFile>();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(job.Settings.RunLimit);
        using var watching = new CancellationTokenSource();
        var stoppedBy = run.Preview ? Task.FromResult<string?>(null) : WatchAsync(run, limit, watching.Token);
        try
        {
            await LogAsync(run, LogLevel.Information, Messages.LogRunStarted, run.RunId, job.Name, run.ProcessId, run.Host).ConfigureAwait(false);
            if (note is not null)
            {
                await LogAsync(run, LogLevel.Warning, "{0}", note).ConfigureAwait(false);
            }

            run = job.Settings switch
            {
                ExportJobSettings { Feed: { } feed } export => await FeedAsync(job, export, feed, run, files, progress, limit.Token).ConfigureAwait(false),
                ExportJobSettings export => await ExportAsync(job, export, run, files, progress, limit.Token).ConfigureAwait(false),
                _ => await ImportFilesAsync(job, run, files, force, progress, limit.Token).ConfigureAwait(false),
            };
            run = run with { Status = Outcome(run, files) };
            await RaiseCompletedAsync(job, run).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await EndAsync(WithFiles(run, files) with { Status = RunStatus.Stopped, ErrorId = ErrorIds.RunStopped, Error = Messages.RunStopped }).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException) when (stoppedBy is { IsCompletedSuccessfully: true, Result: ErrorIds.RunStopped })
        {
            // Stop-ConnectJob from another process: rolled back as a failure would be, and recorded Stopped.
            run = run with { Status = RunStatus.Stopped, ErrorId = ErrorIds.RunStopped, Error = Messages.RunStoppedByRequest };
        }
        catch (OperationCanceledException) when (stoppedBy is { IsCompletedSuccessfully: true, Result: ErrorIds.RunLeaseLost })
        {
            run = Failed(run, ErrorIds.RunLeaseLost, string.Format(CultureInfo.CurrentCulture, Messages.RunLeaseLost, (int)(SqlStore.RunLease / 2).TotalSeconds));
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            files = files.ConvertAll(f => f.ErrorId == ErrorIds.RunStopped ? f with { ErrorId = ErrorIds.RunTimedOut } : f);
            run = Failed(run, ErrorIds.RunTimedOut, string.Format(CultureInfo.CurrentCulture, Messages.RunTimedOut, job.Settings.RunLimit));
        }
        catch (ConnectException e)
        {
            run = Failed(run, e.ErrorId, e.Message);
        }
        catch (Exception e)
        {
            // Not a fault the engine knows (a bug, an I/O error nobody mapped): the run still ends,
            // with the original message, and its lock is released.
            run = Failed(run, ErrorIds.UnexpectedError, string.Format(CultureInfo.CurrentCulture, Messages.UnexpectedError, e.GetType().FullName, e.Message));
        }
        finally
        {
            await watching.CancelAsync().ConfigureAwait(false);
        }

        return await NotifiedAsync(job, await EndAsync(WithFiles(run, files)).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>The ended run after its notification went out, with any delivery problem as a warning.</summary>
    private async Task<JobRun> NotifiedAsync(ConnectJob job, JobRun ended)
    {
        var problems = await new Notifications.Notifier(_store).NotifyAsync(job, ended, CancellationToken.None).ConfigureAwait(false);
        return problems.Count == 0 ? ended : ended with { Warnings = problems };
    }

    /// <summary>How often a run looks for a stop request from another process.</summary>
    private static readonly TimeSpan StopPollInterval = TimeSpan.FromSeconds(2);

    /// <summary>Until the run ends: looks for a stop request, and renews the run's lease. Cancels the
    /// run's work when a stop is asked (RunStopped), or when the lease could not be renewed: the run
    /// is no longer Running in the store (another runner recorded it dead), or no renewal got
    /// through for half the lease (RunLeaseLost), before another runner may take the job.</summary>
    private async Task<string?> WatchAsync(JobRun run, CancellationTokenSource work, CancellationToken watching)
    {
        var renewed = DateTime.UtcNow;
        try
        {
            while (true)
            {
                await Task.Delay(StopPollInterval < LeaseRenewal ? StopPollInterval : LeaseRenewal, watching).ConfigureAwait(false);
                var reason = await LookAsync().ConfigureAwait(false);
                if (reason is not null)
                {
                    await work.CancelAsync().ConfigureAwait(false);
                    return reason;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        async Task<string?> LookAsync()
        {
            try
            {
                if (DateTime.UtcNow - renewed >= LeaseRenewal)
                {
                    if (!await _store.RenewRunAsync(run, watching).ConfigureAwait(false))
                    {
                        return ErrorIds.RunLeaseLost;
                    }

                    renewed = DateTime.UtcNow;
                }

                return await _store.IsStopRequestedAsync(run, watching).ConfigureAwait(false) ? ErrorIds.RunStopped : null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A look that failed (the store busy or briefly unreachable) is not a reason to stop,
                // until the lease is at risk.
                return DateTime.UtcNow - renewed >= SqlStore.RunLease / 2 ? ErrorIds.RunLeaseLost : null;
            }
        }
    }

    /// <summary>How a run that did its work ended: a run that found only files still being written is
    /// Waiting, one that found only files imported before is Skipped; neither is a failure.</summary>
    private static RunStatus Outcome(JobRun run, List<RunFile> files) =>
        files.Count == 0 || files.Any(f => f.Outcome is FileOutcome.Imported or FileOutcome.Exported)
            ? run.Rejected > 0 ? RunStatus.PartiallySucceeded : RunStatus.Succeeded
            : files.Any(f => f.Outcome == FileOutcome.AlreadyImported) ? RunStatus.Skipped : RunStatus.Waiting;

    /// <summary>The error id a file's outcome records for what stopped the run on it.</summary>
    private static string ErrorIdOf(Exception e) => e switch
    {
        ConnectException connect => connect.ErrorId,
        OperationCanceledException => ErrorIds.RunStopped,
        _ => ErrorIds.UnexpectedError,
    };

    private static JobRun Failed(JobRun run, string errorId, string message) => run with { Status = RunStatus.Failed, ErrorId = errorId, Error = message };

    // Arrays rather than the compiler's read-only lists: PowerShell indexes and formats IList.
    private static JobRun WithFiles(JobRun run, List<RunFile> files) =>
        run with { Files = files.Select(f => f.Name).ToArray(), FileResults = files.ToArray() };

    private async Task<JobRun> StartAsync(ConnectJob job, TimeSpan waitWhenRunning, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + waitWhenRunning;
        while (true)
        {
            try
            {
                return await _store.StartRunAsync(job, cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectException e) when (e.ErrorId == ErrorIds.JobAlreadyRunning && DateTime.UtcNow < deadline)
            {
                progress?.Report(new WorkProgress(string.Format(CultureInfo.CurrentCulture, Messages.ProgressWaitingForRun, job.Name), e.Message, 0, null));
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Replaces date tokens such as {yyyyMMdd} with the date they format.</summary>
    internal static string ResolveDateTokens(string pattern, DateTime now) =>
        DateToken().Replace(pattern, m => now.ToString(m.Groups[1].Value, CultureInfo.InvariantCulture));

    private async Task<JobRun> EndAsync(JobRun run)
    {
        if (run.Preview)
        {
            return run with { Ended = DateTime.UtcNow };
        }

        // The run is over whatever the caller's token says: record it, so that its lock is released.
        // Its last log line is worth less than that.
        try
        {
            if (run.Status == RunStatus.Failed)
            {
                await LogAsync(run, LogLevel.Error, "{0}", run.Error).ConfigureAwait(false);
            }
            else if (run.Status is RunStatus.Stopped or RunStatus.Missed)
            {
                await LogAsync(run, LogLevel.Warning, "{0}", run.Error).ConfigureAwait(false);
            }

            await LogAsync(run, run.Status == RunStatus.Failed ? LogLevel.Error : LogLevel.Information, Messages.LogRunEnded, run.Status).ConfigureAwait(false);
        }
        catch (ConnectException)
        {
        }

        return await _store.FinishRunAsync(run, CancellationToken.None).ConfigureAwait(false);
    }

    private Task LogAsync(JobRun run, LogLevel level, string format, params object?[] args) =>
        run.Preview ? Task.CompletedTask : _store.AppendLogAsync(run, level, string.Format(CultureInfo.CurrentCulture, format, args), CancellationToken.None);

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex DateToken();

    /// <summary>The job's ConnectJobCompleted event, after a successful run that loaded or wrote records.</summary>
    private async Task RaiseCompletedAsync(ConnectJob job, JobRun run)
    {
        var records = run.Inserted + run.Updated + run.RowsWritten;
        if (!job.Settings.RaiseCompletedEvent || run.Preview || run.Status is not (RunStatus.Succeeded or RunStatus.PartiallySucceeded) || records == 0)
        {
            return;
        }

        var completed = new Events.ConnectEvent
        {
            Type = Events.EventTypes.ConnectJobCompleted, Channel = Events.EventChannel.Audit, Captured = DateTime.UtcNow, Source = job.Name,
            Properties = new Dictionary<string, string> { ["Job"] = job.Name, ["Run"] = run.FullId, ["Records"] = records.ToString(CultureInfo.InvariantCulture) },
        };
        await _store.AddEventsAsync([Events.StoredEvent.From(completed)], CancellationToken.None).ConfigureAwait(false);
        await LogAsync(run, LogLevel.Information, Messages.LogCompletedEvent, records).ConfigureAwait(false);
    }
}
