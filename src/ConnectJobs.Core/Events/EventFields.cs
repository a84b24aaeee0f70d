using System.Globalization;

namespace ConnectJobs.Events;

/// <summary>How a field's text is read and stored.</summary>
public enum EventFieldKind
{
    Text,
    Integer,
    Time,
}

/// <summary>One field of an event: its name (the property, the default column name of a file, the
/// JSON key), its store column, and how to read and write it.</summary>
public sealed record EventField(string Name, string Column, EventFieldKind Kind, Func<ConnectEvent, object?> Get, Func<ConnectEvent, object?, ConnectEvent> Set);

/// <summary>The fields an event file, a pipeline object or a feed layout can name, in one table that
/// the store, the readers and the layouts share.</summary>
public static class EventFields
{
    public static IReadOnlyList<EventField> All { get; } =
    [
        new("EventId", "event_id", EventFieldKind.Text, e => e.EventId, (e, v) => e with { EventId = (string?)v }),
        new("Type", "type", EventFieldKind.Text, e => e.Type, (e, v) => e with { Type = (string)v! }),
        new("Captured", "captured", EventFieldKind.Time, e => e.Captured, (e, v) => e with { Captured = (DateTime)v! }),
        new("Riid", "riid", EventFieldKind.Integer, e => e.Riid, (e, v) => e with { Riid = (long?)v }),
        new("CustomerId", "customer_id", EventFieldKind.Text, e => e.CustomerId, (e, v) => e with { CustomerId = (string?)v }),
        new("Email", "email", EventFieldKind.Text, e => e.Email, (e, v) => e with { Email = (string?)v }),
        new("Mobile", "mobile", EventFieldKind.Text, e => e.Mobile, (e, v) => e with { Mobile = (string?)v }),
        new("List", "list", EventFieldKind.Text, e => e.List, (e, v) => e with { List = (string?)v }),
        new("CampaignId", "campaign_id", EventFieldKind.Text, e => e.CampaignId, (e, v) => e with { CampaignId = (string?)v }),
        new("CampaignName", "campaign_name", EventFieldKind.Text, e => e.CampaignName, (e, v) => e with { CampaignName = (string?)v }),
        new("ExternalCampaignId", "external_campaign_id", EventFieldKind.Text, e => e.ExternalCampaignId, (e, v) => e with { ExternalCampaignId = (string?)v }),
        new("LaunchId", "launch_id", EventFieldKind.Text, e => e.LaunchId, (e, v) => e with { LaunchId = (string?)v }),
        new("MessageId", "message_id", EventFieldKind.Text, e => e.MessageId, (e, v) => e with { MessageId = (string?)v }),
        new("MailingType", "mailing_type", EventFieldKind.Text, e => e.MailingType, (e, v) => e with { MailingType = (string?)v }),
        new("Subject", "subject", EventFieldKind.Text, e => e.Subject, (e, v) => e with { Subject = (string?)v }),
        new("Url", "url", EventFieldKind.Text, e => e.Url, (e, v) => e with { Url = (string?)v }),
        new("UrlDescription", "url_description", EventFieldKind.Text, e => e.UrlDescription, (e, v) => e with { UrlDescription = (string?)v }),
        new("BounceType", "bounce_type", EventFieldKind.Text, e => e.BounceType, (e, v) => e with { BounceType = (string?)v }),
        new("BounceReason", "bounce_reason", EventFieldKind.Text, e => e.BounceReason, (e, v) => e with { BounceReason = (string?)v }),
        new("DeviceOs", "device_os", EventFieldKind.Text, e => e.DeviceOs, (e, v) => e with { DeviceOs = (string?)v }),
        new("Browser", "browser", EventFieldKind.Text, e => e.Browser, (e, v) => e with { Browser = (string?)v }),
        new("BrowserType", "browser_type", EventFieldKind.Text, e => e.BrowserType, (e, v) => e with { BrowserType = (string?)v }),
        new("UserAgent", "user_agent", EventFieldKind.Text, e => e.UserAgent, (e, v) => e with { UserAgent = (string?)v }),
        new("MessageSize", "message_size", EventFieldKind.Integer, e => e.MessageSize, (e, v) => e with { MessageSize = (long?)v }),
        new("CustomType", "custom_type", EventFieldKind.Text, e => e.CustomType, (e, v) => e with { CustomType = (string?)v }),
        new("Source", "source", EventFieldKind.Text, e => e.Source, (e, v) => e with { Source = (string?)v }),
    ];

    private static readonly Dictionary<string, EventField> ByName = All.ToDictionary(f => Key(f.Name), StringComparer.OrdinalIgnoreCase);

    /// <summary>An event from its fields' values in <see cref="All"/>'s order: one allocation, where
    /// setting the fields one by one would copy the record for each (readers make millions).</summary>
    public static ConnectEvent Create(object?[] v, EventChannel channel, IReadOnlyDictionary<string, string> properties) => new()
    {
        EventId = (string?)v[0], Type = (string)v[1]!, Captured = (DateTime)v[2]!, Riid = (long?)v[3], CustomerId = (string?)v[4], Email = (string?)v[5],
        Mobile = (string?)v[6], List = (string?)v[7], CampaignId = (string?)v[8], CampaignName = (string?)v[9], ExternalCampaignId = (string?)v[10],
        LaunchId = (string?)v[11], MessageId = (string?)v[12], MailingType = (string?)v[13], Subject = (string?)v[14], Url = (string?)v[15],
        UrlDescription = (string?)v[16], BounceType = (string?)v[17], BounceReason = (string?)v[18], DeviceOs = (string?)v[19], Browser = (string?)v[20],
        BrowserType = (string?)v[21], UserAgent = (string?)v[22], MessageSize = (long?)v[23], CustomType = (string?)v[24], Source = (string?)v[25],
        Channel = channel, Properties = properties,
    };

    /// <summary>The fields that name the recipient; an event needs one of them.</summary>
    public static IReadOnlyList<string> RecipientKeys { get; } = ["Riid", "CustomerId", "Email", "Mobile"];

    /// <summary>The field a column names: 'CampaignId', 'CAMPAIGN_ID' and 'campaign id' all name CampaignId.</summary>
    public static bool TryFind(string name, out EventField field) => ByName.TryGetValue(Key(name), out field!);

    private static string Key(string name) => string.Concat(name.Where(char.IsLetterOrDigit));

    /// <summary>A stored value as the store keeps it (text, integer, or a UTC timestamp's text).</summary>
    public static object? ToStored(EventField field, ConnectEvent e) => field.Get(e) switch
    {
        DateTime time => Data.ValueConverter.FormatTimestamp(time),
        var value => value,
    };

    /// <summary>The field's value from a stored one.</summary>
    public static object? FromStored(EventField field, object? stored) => stored switch
    {
        null or DBNull => null,
        _ when field.Kind == EventFieldKind.Time => Data.ValueConverter.ParseTimestamp((string)stored),
        _ when field.Kind == EventFieldKind.Integer => Convert.ToInt64(stored, CultureInfo.InvariantCulture),
        _ => stored.ToString(),
    };
}
