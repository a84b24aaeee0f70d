using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>Invoke-ConnectGroup: runs groups now, each job in order, stopping at the first failed
/// run; writes one group run each (its Runs hold the member runs).</summary>
[Cmdlet(VerbsLifecycle.Invoke, "ConnectGroup", SupportsShouldProcess = true)]
[OutputType(typeof(GroupRun))]
public sealed class InvokeConnectGroupCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.GroupNameCompleter))]
    public string[] Name { get; set; } = [];

    private protected override bool OpensForWork => true;

    protected override void ProcessRecord()
    {
        foreach (var group in SelectGroups(Name))
        {
            Run(() => Invoke(group));
        }
    }

    private void Invoke(JobGroup group)
    {
        if (!ShouldProcess(group.Name, CommandMessages.ActionRunGroup))
        {
            return;
        }

        Report(this, group, AwaitWithProgress(progress => new GroupRunner(Store).RunAsync(group, progress, CancellationToken)));
    }

    /// <summary>Writes a group run, and a failed one as an error too (Invoke-ConnectJob -Due reports its groups' runs so).</summary>
    internal static void Report(Cmdlet cmdlet, JobGroup group, GroupRun run)
    {
        cmdlet.WriteObject(run);
        if (run.Status == RunStatus.Failed)
        {
            InvokeConnectJobCommand.CountFailedRun();
            var failed = run.Runs[^1];
            var message = string.Format(CultureInfo.CurrentCulture, run.NotRun.Count == 0 ? CommandMessages.GroupRunFailedLast : CommandMessages.GroupRunFailed, group.Name, run.FullId, failed.Job, failed.FullId, failed.Error, string.Join(", ", run.NotRun));
            cmdlet.WriteError(new ErrorRecord(new InvalidOperationException(message), failed.ErrorId ?? ErrorIds.RunFailed, ErrorCategory.OperationStopped, run));
        }
    }
}
