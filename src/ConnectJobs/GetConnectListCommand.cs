using System.Management.Automation;
using ConnectJobs.Data;

namespace ConnectJobs.Commands;

/// <summary>Get-ConnectList: the profile lists of the store, by name with wildcards.</summary>
[Cmdlet(VerbsCommon.Get, "ConnectList")]
[OutputType(typeof(ProfileList))]
public sealed class GetConnectListCommand : ConnectCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.ListNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord() => Run(() => WriteObject(SelectTargets(Name, lists: true), enumerateCollection: true));
}
