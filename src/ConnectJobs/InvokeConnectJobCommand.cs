using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>Invoke-ConnectJob: runs jobs now and writes one run object each. A failed run is written
/// too, with an error record, so that pipelines can report on it and scripts can stop on it.
/// -WhatIf runs the whole job and commits nothing.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "ConnectJob", SupportsShouldProcess = true, DefaultParameterSetName = NameSet)]
[OutputType(typeof(JobRun))]
public sealed class InvokeConnectJobCommand : RunCmdlet
{
    private const string NameSet = "Name";
    private const string InputObjectSet = "InputObject";
    private const string DueSet = "Due";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.JobNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>When a run of the job is in progress, wait up to this long for it to end instead of
    /// failing with JobAlreadyRunning.</summary>
    [Parameter]
    public TimeSpan WaitWhenRunning { get; set; }

    /// <summary>Import inbound files again that the ledger says were imported already.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Jobs from Get-ConnectJob.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public ConnectJob[] InputObject { get; set; } = [];

    /// <summary>The tick: runs every enabled job whose scheduled run has come, each due slot exactly
    /// once however many ticks run at the same time (cron every minute is the whole deployment).</summary>
    [Parameter(Mandatory = true, ParameterSetName = DueSet)]
    public SwitchParameter Due { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == DueSet)
        {
            Run(RunDue);
            return;
        }

        foreach (var job in ParameterSetName == InputObjectSet ? InputObject : SelectJobs(Name))
        {
            Run(() => Invoke(job));
        }
    }

    private void Invoke(ConnectJob job)
    {
        var action = string.Format(CultureInfo.CurrentCulture, CommandMessages.ActionRunJob, job.Name);
        var commit = ShouldProcess(action, action, CommandMessages.ActionRunJobCaption, out var reason);
        if (!commit && reason != ShouldProcessReason.WhatIf)
        {
            return;
        }

        Report(job, AwaitWithProgress(progress => new JobRunner(Store).RunAsync(job, preview: !commit, progress, CancellationToken, WaitWhenRunning, Force)));
    }

    /// <summary>Claims the due slots (which moves each job's next run on), then runs them one after
    /// another. -WhatIf names the due jobs and claims nothing.</summary>
    private void RunDue()
    {
        var caption = CommandMessages.ActionRunJobCaption;
        if (!ShouldProcess(CommandMessages.ActionRunDue, CommandMessages.ActionRunDue, caption, out var reason))
        {
            if (reason == ShouldProcessReason.WhatIf)
            {
                foreach (var job in Await(Store.GetDueJobsAsync(DateTime.UtcNow, CancellationToken)))
                {
                    var action = string.Format(CultureInfo.CurrentCulture, CommandMessages.ActionRunJob, job.Name);
                    ShouldProcess(action, action, caption);
                }

                foreach (var group in Await(Store.GetDueGroupsAsync(DateTime.UtcNow, CancellationToken)))
                {
                    ShouldProcess(group.Name, CommandMessages.ActionRunGroup);
                }
            }

            return;
        }

        foreach (var slot in Await(Store.ClaimDueJobsAsync(DateTime.UtcNow, CancellationToken)))
        {
            Run(() => Report(slot.Job, AwaitWithProgress(progress => new JobRunner(Store).RunDueAsync(slot, progress, CancellationToken)), slot.Skip));
        }

        foreach (var slot in Await(Store.ClaimDueGroupsAsync(DateTime.UtcNow, CancellationToken)))
        {
            if (slot.Skip)
            {
                WriteWarning(string.Format(CultureInfo.CurrentCulture, CommandMessages.GroupSlotsSkipped, slot.Group.Name, slot.Missed));
                continue;
            }

            Run(() => Report(slot.Group, RunGroup(slot.Group)));
        }

        foreach (var (job, expectedBy) in Await(Store.ClaimLateChecksAsync(DateTime.UtcNow, CancellationToken)))
        {
            Run(() =>
            {
                if (Await(new JobRunner(Store).CheckLateAsync(job, expectedBy, CancellationToken)) is { } missed)
                {
                    Report(job, missed);
                }
            });
        }
    }
}
