using System.Management.Automation;
using ConnectJobs.Store;

namespace ConnectJobs.Commands;

/// <summary>Remove-ConnectEvent -Expired: purges the events past the store's event retention now (the
/// store also does so once a day), keeping those an enabled feed of their type has not exported yet;
/// a warning names each feed that held events back.</summary>
[Cmdlet(VerbsCommon.Remove, "ConnectEvent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(EventPurge))]
public sealed class RemoveConnectEventCommand : ConnectCmdlet
{
    /// <summary>The events captured before the retention (Get-ConnectStore shows it; Set-ConnectStore changes it).</summary>
    [Parameter(Mandatory = true)]
    public SwitchParameter Expired { get; set; }

    protected override void EndProcessing() => Run(() =>
    {
        if (!ShouldProcess(Store.Location, CommandMessages.ActionPurgeEvents))
        {
            return;
        }

        var purge = Await(Store.PurgeEventsAsync(DateTime.UtcNow, CancellationToken));
        foreach (var line in purge.HeldBack)
        {
            WriteWarning(line);
        }

        WriteObject(purge);
    });
}
