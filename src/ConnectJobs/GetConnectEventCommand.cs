using System.Management.Automation;
using ConnectJobs.Data;

namespace ConnectJobs.Commands;

/// <summary>Get-ConnectEvent: the contact events the store recorded (opt-ins and opt-outs from imports).</summary>
[Cmdlet(VerbsCommon.Get, "ConnectEvent")]
[OutputType(typeof(ContactEvent))]
public sealed class GetConnectEventCommand : ConnectCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.ListNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? List { get; set; }

    /// <summary>Only events of these types: OptedIn, OptedOut.</summary>
    [Parameter]
    [ValidateSet("OptedIn", "OptedOut")]
    public string[]? Type { get; set; }

    /// <summary>Only events after this time.</summary>
    [Parameter]
    public DateTime? After { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        if (List is not null)
        {
            FindTarget(List, list: true);
        }

        var events = Await(Store.GetEventsAsync(List, After?.ToUniversalTime(), CancellationToken));
        WriteObject(events.Where(e => Type is null || Type.Contains(e.Type, StringComparer.OrdinalIgnoreCase)), enumerateCollection: true);
    });
}
