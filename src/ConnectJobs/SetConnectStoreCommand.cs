using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Store;

namespace ConnectJobs.Commands;

/// <summary>Set-ConnectStore: changes the store's own settings (for now, how long events are kept).</summary>
[Cmdlet(VerbsCommon.Set, "ConnectStore", SupportsShouldProcess = true)]
[OutputType(typeof(StoreInfo))]
public sealed class SetConnectStoreCommand : ConnectCmdlet
{
    /// <summary>Events captured longer ago than this are purged (once a day, and never before every enabled feed of their type exported them).</summary>
    [Parameter(Mandatory = true)]
    [ValidateRange(1, 36500)]
    public int EventRetentionDays { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing() => Run(() =>
    {
        if (ShouldProcess(Store.Location, string.Format(CultureInfo.CurrentCulture, CommandMessages.ActionSetEventRetention, EventRetentionDays)))
        {
            Await(Store.SetEventRetentionDaysAsync(EventRetentionDays, CancellationToken));
            if (PassThru)
            {
                WriteObject(DescribeStore());
            }
        }
    });
}
