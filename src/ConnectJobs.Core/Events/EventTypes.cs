namespace ConnectJobs.Events;

/// <summary>The channels events come from.</summary>
public enum EventChannel
{
    Email,
    Sms,
    Mms,
    Push,
    Audit,
}

/// <summary>The event types the store takes (the Responsys Connect event types, plus ConnectJobs'
/// own), each with its channel. Names are PowerShell-friendly forms of the Responsys names ("SMS
/// Opted In" is SmsOptedIn); they tab-complete, and any other name is refused with the list.</summary>
public static class EventTypes
{
    public const string Custom = nameof(Custom);

    public const string ConnectJobCompleted = nameof(ConnectJobCompleted);

    public const string OptedIn = nameof(OptedIn);

    public const string OptedOut = nameof(OptedOut);

    private static readonly (string Name, EventChannel Channel)[] Catalogue =
    [
        ("Sent", EventChannel.Email), ("Failed", EventChannel.Email), ("Bounced", EventChannel.Email), ("Clicked", EventChannel.Email),
        ("Opened", EventChannel.Email), ("Converted", EventChannel.Email), ("Complained", EventChannel.Email), ("Skipped", EventChannel.Email),
        (OptedIn, EventChannel.Email), (OptedOut, EventChannel.Email),
        ("SmsSent", EventChannel.Sms), ("SmsDelivered", EventChannel.Sms), ("SmsReceived", EventChannel.Sms), ("SmsFailed", EventChannel.Sms),
        ("SmsClicked", EventChannel.Sms), ("SmsConverted", EventChannel.Sms), ("SmsSkipped", EventChannel.Sms), ("SmsMoForwardSent", EventChannel.Sms),
        ("SmsMoForwardFailed", EventChannel.Sms), ("SmsOptedIn", EventChannel.Sms), ("SmsOptedOut", EventChannel.Sms),
        ("MmsSent", EventChannel.Mms), ("MmsFailed", EventChannel.Mms), ("MmsSkipped", EventChannel.Mms),
        ("PushSent", EventChannel.Push), ("PushFailed", EventChannel.Push), ("PushOpened", EventChannel.Push), ("PushConverted", EventChannel.Push),
        ("PushSkipped", EventChannel.Push), ("PushBounced", EventChannel.Push), ("PushClicked", EventChannel.Push), ("PushUninstalled", EventChannel.Push),
        ("PushMessageCenterSent", EventChannel.Push),
        ("FormViewed", EventChannel.Audit), ("FormSubmitted", EventChannel.Audit), ("FormState", EventChannel.Audit), ("ProgramEntered", EventChannel.Audit),
        ("ProgramExited", EventChannel.Audit), ("ProgramState", EventChannel.Audit), ("LaunchState", EventChannel.Audit), ("DynamicContent", EventChannel.Audit),
        ("MultivariateTest", EventChannel.Audit), ("HoldoutGroup", EventChannel.Audit),
        (ConnectJobCompleted, EventChannel.Audit), (Custom, EventChannel.Audit),
    ];

    private static readonly Dictionary<string, (string Name, EventChannel Channel)> ByName =
        Catalogue.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every type name, in catalogue order (email first).</summary>
    public static IReadOnlyList<string> Names { get; } = Catalogue.Select(t => t.Name).ToArray();

    /// <summary>The type's name as the catalogue spells it, and its channel; an unknown name is
    /// UnknownEventType, listing the valid ones.</summary>
    public static (string Name, EventChannel Channel) Find(string name) =>
        ByName.TryGetValue(name.Trim(), out var type) ? type : throw Unknown(name);

    public static bool TryFind(string name, out (string Name, EventChannel Channel) type) => ByName.TryGetValue(name.Trim(), out type);

    /// <summary>The type's number in feeds (EVENT_TYPE_ID): its place in the catalogue, from 1 (so the
    /// catalogue only ever grows at its end).</summary>
    public static int IdOf(string name) => Array.FindIndex(Catalogue, t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)) + 1;

    public static ConnectException Unknown(string name) =>
        ConnectException.Create(ErrorIds.UnknownEventType, ErrorKind.InvalidArgument, name, Messages.UnknownEventType, name, string.Join(", ", Names));
}
