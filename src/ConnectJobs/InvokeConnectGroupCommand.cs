using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>Invoke-ConnectGroup: runs groups now, each job in order, stopping at the first failed
/// run; writes one group run each (its Runs hold the member runs).</summary>
[Cmdlet(VerbsLifecycle.Invoke, "ConnectGroup", SupportsShouldProcess = true)]
[OutputType(typeof(GroupRun))]
public sealed class InvokeConnectGroupCommand : RunCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.GroupNameCompleter))]
    public string[] Name { get; set; } = [];

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

        Report(group, RunGroup(group));
    }
}
