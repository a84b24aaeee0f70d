using System.Collections;
using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Events;

namespace ConnectJobs.Commands;

/// <summary>Add-ConnectEvent: stores events from the pipeline (objects or hashtables whose property
/// names are the event fields: Type, Captured, Riid, Email, CampaignId, …; other properties become
/// custom properties). The objects that can be read are stored together at the end; each one that
/// cannot is an error of its own.</summary>
[Cmdlet(VerbsCommon.Add, "ConnectEvent", SupportsShouldProcess = true)]
[OutputType(typeof(EventIngestResult))]
public sealed class AddConnectEventCommand : ConnectCmdlet
{
    private readonly List<ConnectEvent> _events = [];
    private readonly List<Import.RejectedRow> _rejects = [];
    private EventReader? _reader;
    private long _rows;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public PSObject[] InputObject { get; set; } = [];

    /// <summary>The time zone of times without an offset (default: this machine's).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TimeZone { get; set; }

    private protected override bool OpensForWork => true;

    protected override void BeginProcessing() => Run(() =>
        _reader = new EventReader(null, TimeZone is null ? TimeZoneInfo.Local : Schedules.ScheduleRules.FindZone(TimeZone), "Add-ConnectEvent"));

    protected override void ProcessRecord()
    {
        if (_reader is null)
        {
            return;
        }

        foreach (var item in InputObject)
        {
            var line = ++_rows;
            var values = Values(item).ToList();
            if (_reader.Read(line, values, () => string.Join("; ", values.Select(v => $"{v.Key}={v.Value}")), out var reject) is { } e)
            {
                _events.Add(e);
            }
            else
            {
                _rejects.Add(reject!);
                var message = string.Format(CultureInfo.CurrentCulture, CommandMessages.EventObjectRejected, line, reject!.Column, reject.Message);
                WriteError(new ErrorRecord(new ArgumentException(message), reject.Rule, ErrorCategory.InvalidData, item));
            }
        }
    }

    protected override void EndProcessing() => Run(() =>
    {
        if (_reader is null || (_events.Count == 0 && _rejects.Count == 0) || !ShouldProcess(string.Format(CultureInfo.CurrentCulture, CommandMessages.EventCount, _events.Count), CommandMessages.ActionAddEvents))
        {
            return;
        }

        var counts = Await(Store.AddEventsAsync(_events.Select(StoredEvent.From), CancellationToken));
        var result = new EventIngestResult
        {
            Source = "Add-ConnectEvent", Rows = _rows, Added = counts.Added, Duplicates = counts.Duplicates, Rejects = _rejects,
            WithoutOffset = _reader.WithoutOffset, TimeZone = _reader.Zone.Id,
        };
        if (result.WithoutOffset > 0)
        {
            WriteWarning(string.Format(CultureInfo.CurrentCulture, CommandMessages.EventsWithoutOffset, result.Source, result.WithoutOffset, result.TimeZone));
        }

        WriteObject(result);
    });

    /// <summary>An object's properties (a hashtable's keys) as text: a time in ISO 8601, with its
    /// offset unless it has no kind (then it is read in -TimeZone).</summary>
    private static IEnumerable<KeyValuePair<string, string?>> Values(PSObject item)
    {
        IEnumerable<KeyValuePair<string, object?>> pairs = item.BaseObject is IDictionary dictionary
            ? dictionary.Cast<DictionaryEntry>().Select(e => new KeyValuePair<string, object?>(e.Key.ToString()!, e.Value))
            : item.Properties.Select(p => new KeyValuePair<string, object?>(p.Name, p.Value));
        foreach (var (name, value) in pairs)
        {
            yield return new(name, (value is PSObject wrapped ? wrapped.BaseObject : value) switch
            {
                null => null,
                DateTime time => time.ToString("o", CultureInfo.InvariantCulture),
                DateTimeOffset time => time.ToString("o", CultureInfo.InvariantCulture),
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                var other => other.ToString(),
            });
        }
    }
}
