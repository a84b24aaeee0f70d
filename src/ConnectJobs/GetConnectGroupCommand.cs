using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>Get-ConnectGroup: the job groups of the store, by name (wildcards).</summary>
[Cmdlet(VerbsCommon.Get, "ConnectGroup")]
[OutputType(typeof(JobGroup))]
public sealed class GetConnectGroupCommand : ConnectCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.GroupNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord() => Run(() => WriteObject(SelectGroups(Name), enumerateCollection: true));
}
