using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>The cmdlets that run jobs and groups (Invoke-ConnectJob, its tick, Invoke-ConnectGroup):
/// how an ended run is written (the object, its warnings, an error record when it failed) and what
/// follows a successful one (-OnSuccessRun, a job or a group, written too).</summary>
public abstract class RunCmdlet : ConnectCmdlet
{
    /// <summary>The process-wide count of failed runs (AppContext data, which every load context shares).</summary>
    private const string FailedRunsKey = "ConnectJobs.FailedRuns";

    private protected override bool OpensForWork => true;

    /// <summary>connectjobs-run (and any host that looks) exits non-zero when a run in the process failed.</summary>
    private static void CountFailedRun() => AppContext.SetData(FailedRunsKey, (AppContext.GetData(FailedRunsKey) as int? ?? 0) + 1);

    /// <summary>Writes a job's run; a failed one is an error record too, so that scripts can stop on it.</summary>
    private protected void Report(ConnectJob job, JobRun run, bool missedSlotsSkipped = false, HashSet<string>? chain = null)
    {
        WriteObject(run);
        foreach (var warning in run.Warnings)
        {
            WriteWarning(warning);
        }

        if (run.Status is RunStatus.Waiting or RunStatus.Skipped)
        {
            // Not failures (a scheduler must not alert on them), but worth a word to whoever watches.
            var message = run.Status == RunStatus.Waiting ? CommandMessages.RunWaiting : missedSlotsSkipped ? CommandMessages.RunSlotsSkipped : CommandMessages.RunSkipped;
            WriteWarning(string.Format(CultureInfo.CurrentCulture, message, job.Name, run.FullId, string.Join(", ", run.Files)));
        }
        else if (run.Status is RunStatus.Failed or RunStatus.Missed)
        {
            CountFailedRun();
            var message = string.Format(CultureInfo.CurrentCulture, CommandMessages.RunFailed, job.Name, run.FullId, run.Error);
            WriteError(new ErrorRecord(new InvalidOperationException(message), run.ErrorId ?? ErrorIds.RunFailed, ErrorCategory.OperationStopped, run));
        }

        if (!run.Preview && run.Status is RunStatus.Succeeded or RunStatus.PartiallySucceeded)
        {
            FollowUp(job.Name, run.FullId, job.Settings.OnSuccessRun, chain, afterGroup: false);
        }
    }

    /// <summary>Writes a group's run; a failed one is an error record naming the member that failed.</summary>
    private protected void Report(JobGroup group, GroupRun run, HashSet<string>? chain = null)
    {
        WriteObject(run);
        foreach (var warning in run.Warnings)
        {
            WriteWarning(warning);
        }

        if (run.Status == RunStatus.Failed)
        {
            CountFailedRun();
            var failed = run.Runs[^1];
            var message = string.Format(CultureInfo.CurrentCulture, run.NotRun.Count == 0 ? CommandMessages.GroupRunFailedLast : CommandMessages.GroupRunFailed, group.Name, run.FullId, failed.Job, failed.FullId, failed.Error, string.Join(", ", run.NotRun));
            WriteError(new ErrorRecord(new InvalidOperationException(message), failed.ErrorId ?? ErrorIds.RunFailed, ErrorCategory.OperationStopped, run));
        }
        else if (run.Status == RunStatus.Succeeded)
        {
            FollowUp(group.Name, run.FullId, group.Settings.OnSuccessRun, chain, afterGroup: true);
        }
    }

    private protected GroupRun RunGroup(JobGroup group) => AwaitWithProgress(progress => new GroupRunner(Store).RunAsync(group, progress, CancellationToken));

    /// <summary>Runs the follow-up of a successful run of <paramref name="after"/> now; a chain that comes
    /// back to a job or group it ran ends there.</summary>
    private void FollowUp(string after, string runId, string? next, HashSet<string>? chain, bool afterGroup)
    {
        chain ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase) { after };
        if (next is null || !chain.Add(next))
        {
            return;
        }

        if (Await(Store.FindJobAsync(next, CancellationToken)) is { } job)
        {
            var note = string.Format(CultureInfo.CurrentCulture, afterGroup ? CommandMessages.LogGroupFollowUp : CommandMessages.LogFollowUp, after, runId);
            Report(job, AwaitWithProgress(progress => new JobRunner(Store).RunAsync(job, preview: false, progress, CancellationToken, note: note)), chain: chain);
        }
        else if (Await(Store.FindGroupAsync(next, CancellationToken)) is { } group)
        {
            Report(group, RunGroup(group), chain);
        }
        else
        {
            WriteWarning(string.Format(CultureInfo.CurrentCulture, afterGroup ? CommandMessages.GroupFollowUpNotFound : CommandMessages.FollowUpNotFound, after, next));
        }
    }
}
