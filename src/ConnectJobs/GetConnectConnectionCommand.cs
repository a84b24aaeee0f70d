using System.Management.Automation;
using ConnectJobs.Connections;

namespace ConnectJobs.Commands;

/// <summary>Get-ConnectConnection: the connections of the store, by name (wildcards). Secrets are never shown.</summary>
[Cmdlet(VerbsCommon.Get, "ConnectConnection")]
[OutputType(typeof(Connection))]
public sealed class GetConnectConnectionCommand : ConnectCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.ConnectionNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord() => Run(() => WriteObject(SelectConnections(Name), enumerateCollection: true));
}
