using System.Management.Automation;
using ConnectJobs.Connections;

namespace ConnectJobs.Commands;

/// <summary>New-ConnectConnection: names a server once, for jobs to read from and deliver to.</summary>
[Cmdlet(VerbsCommon.New, "ConnectConnection", SupportsShouldProcess = true)]
[OutputType(typeof(Connection))]
public sealed class NewConnectConnectionCommand : ConnectionParametersCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The server (every protocol but Local needs one).</summary>
    [Parameter(Position = 1)]
    [Alias("ComputerName")]
    [ValidateNotNullOrEmpty]
    public override string? HostName { get; set; }

    /// <summary>The login (every protocol but Local needs one).</summary>
    [Parameter]
    [Credential]
    public override PSCredential? Credential { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var (connection, secret) = Settings(Name, null);
        if (ShouldProcess(Name, CommandMessages.ActionCreateConnection))
        {
            var created = Await(Store.CreateConnectionAsync(connection, secret, CancellationToken));
            if (PassThru)
            {
                WriteObject(created);
            }
        }
    });
}
