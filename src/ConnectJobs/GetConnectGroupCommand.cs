using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>Get-ConnectGroup: the job groups of the store, by name (wildcards).</summary>
[Cmdlet(VerbsCommon.Get, "ConnectGroup", DefaultParameterSetName = NameSet)]
[OutputType(typeof(JobGroup))]
public sealed class GetConnectGroupCommand : ConnectCmdlet
{
    private const string NameSet = "Name";
    private const string DueSet = "Due";

    [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.GroupNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>The enabled groups whose scheduled run has come (what Invoke-ConnectJob -Due would run now).</summary>
    [Parameter(Mandatory = true, ParameterSetName = DueSet)]
    public SwitchParameter Due { get; set; }

    protected override void ProcessRecord() => Run(() => WriteObject(
        ParameterSetName == DueSet ? Await(Store.GetDueGroupsAsync(DateTime.UtcNow, CancellationToken)) : SelectGroups(Name), enumerateCollection: true));
}
