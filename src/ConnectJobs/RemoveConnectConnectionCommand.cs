using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>Remove-ConnectConnection: deletes connections that no job uses.</summary>
[Cmdlet(VerbsCommon.Remove, "ConnectConnection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveConnectConnectionCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.ConnectionNameCompleter))]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        var jobs = Await(Store.GetJobsAsync(CancellationToken));
        foreach (var connection in SelectConnections(Name))
        {
            Run(() =>
            {
                var users = jobs.Where(j => string.Equals(j.Settings switch { ImportJobSettings i => i.Connection, ExportJobSettings e => e.Connection, _ => null }, connection.Name, StringComparison.OrdinalIgnoreCase)).Select(j => j.Name).ToList();
                if (users.Count > 0)
                {
                    throw new ConnectException(ErrorIds.ConnectionInUse, ErrorKind.InvalidOperation, connection.Name, string.Format(CultureInfo.CurrentCulture, CommandMessages.ConnectionInUse, connection.Name, string.Join(", ", users)));
                }

                if (ShouldProcess(connection.Name, CommandMessages.ActionRemoveConnection))
                {
                    Await(Store.RemoveConnectionAsync(connection, CancellationToken));
                }
            });
        }
    }
}
