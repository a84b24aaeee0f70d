using System.Management.Automation;
using ConnectJobs.Events;

namespace ConnectJobs.Commands;

/// <summary>The channels events come from (declared here: see TableType for why cmdlets hold no engine enums).</summary>
public enum MessageChannel
{
    Email = EventChannel.Email,
    Sms = EventChannel.Sms,
    Mms = EventChannel.Mms,
    Push = EventChannel.Push,
    Audit = EventChannel.Audit,
}

/// <summary>Get-ConnectEvent: the events in the store, in the order it took them, for ad-hoc reports.</summary>
[Cmdlet(VerbsCommon.Get, "ConnectEvent")]
[OutputType(typeof(ConnectEvent))]
public sealed class GetConnectEventCommand : ConnectCmdlet
{
    /// <summary>Only events of this list.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.ListNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? List { get; set; }

    /// <summary>Only events of these types.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.EventTypeCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Type { get; set; }

    [Parameter]
    public MessageChannel Channel { get; set; }

    /// <summary>Only events captured after this time.</summary>
    [Parameter]
    public DateTime? After { get; set; }

    /// <summary>Only events captured before this time.</summary>
    [Parameter]
    public DateTime? Before { get; set; }

    [Parameter]
    public long Riid { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CampaignId { get; set; }

    /// <summary>At most this many (the oldest first).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        if (List is not null)
        {
            FindTarget(List, list: true);
        }

        bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);
        var query = new EventQuery
        {
            List = List,
            Types = Type?.Select(t => EventTypes.Find(t).Name).ToArray(),
            Channel = Bound(nameof(Channel)) ? (EventChannel)Channel : null,
            After = After?.ToUniversalTime(),
            Before = Before?.ToUniversalTime(),
            Riid = Bound(nameof(Riid)) ? Riid : null,
            CampaignId = CampaignId,
            First = Bound(nameof(First)) ? First : null,
        };
        WriteObject(Await(Store.GetEventsAsync(query, CancellationToken)), enumerateCollection: true);
    });
}
