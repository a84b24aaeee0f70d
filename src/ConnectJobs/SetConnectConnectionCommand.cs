using System.Management.Automation;
using ConnectJobs.Connections;

namespace ConnectJobs.Commands;

/// <summary>Set-ConnectConnection: changes a connection's settings, credential or pinned host keys.</summary>
[Cmdlet(VerbsCommon.Set, "ConnectConnection", SupportsShouldProcess = true)]
[OutputType(typeof(Connection))]
public sealed class SetConnectConnectionCommand : ConnectionParametersCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.ConnectionNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NewName { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public override string? HostName { get; set; }

    [Parameter]
    [Credential]
    public override PSCredential? Credential { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var current = FindConnection(Name);
        var (connection, secret) = Settings(NewName ?? current.Name, current);
        if (ShouldProcess(current.Name, CommandMessages.ActionUpdateConnection))
        {
            var changed = Await(Store.UpdateConnectionAsync(connection, secret, CancellationToken));
            if (PassThru)
            {
                WriteObject(changed);
            }
        }
    });
}
