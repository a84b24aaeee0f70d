namespace ConnectJobs.Events;

/// <summary>The file layouts event feeds write.</summary>
public enum FeedLayout
{
    /// <summary>Responsys Connect's event data feed: one file per event type, Responsys column names.</summary>
    Responsys,

    /// <summary>Clang's activity export: per run an activities file (every event of the feed's
    /// types) and a broadcasts file (each campaign sent, or with activity, in the same events).</summary>
    Clang,
}

/// <summary>What a feed column holds: an event field as stored, or a value derived from the event.</summary>
public enum FeedValue
{
    /// <summary>The field's text.</summary>
    Field,

    /// <summary>The event type's number (<see cref="EventTypes.IdOf"/>).</summary>
    TypeId,

    /// <summary>The feed's account number.</summary>
    AccountId,

    /// <summary>The store's number of the event's list (empty when the list is not in the store).</summary>
    ListId,

    /// <summary>A time field as Responsys writes it: 03-JAN-2019 13:05:32 (UTC).</summary>
    ResponsysTime,

    /// <summary>A named custom property of the event.</summary>
    Property,

    /// <summary>A time field as ISO 8601 without the T: 2026-12-01 09:00:00 (UTC).</summary>
    IsoTime,

    /// <summary>In a broadcasts file, the campaign's value of the field (the largest, when events differ).</summary>
    Largest,

    /// <summary>In a broadcasts file, when the campaign's first Sent event among the file's events happened.</summary>
    FirstSent,

    /// <summary>What says most about the event: the URL's description, the URL, the bounce reason or the custom event's name.</summary>
    Description,
}

/// <summary>One column of a feed file: its header and what it holds.</summary>
public sealed record FeedColumn(string Header, FeedValue Value, string? Field = null);

/// <summary>One file of a feed run: the word its name gets for '{type}', what it holds, and the
/// event types whose position its delivery moves.</summary>
public sealed record FeedFile(string Token, Export.EventFeedSource Source, IReadOnlyList<string> Moves);

/// <summary>The columns and file names of each layout.</summary>
public static class FeedLayouts
{
    /// <summary>The columns of every Responsys file, before the type's own.</summary>
    private static readonly FeedColumn[] ResponsysCommon =
    [
        new("EVENT_TYPE_ID", FeedValue.TypeId), new("ACCOUNT_ID", FeedValue.AccountId), new("LIST_ID", FeedValue.ListId),
        new("RIID", FeedValue.Field, "Riid"), new("CUSTOMER_ID", FeedValue.Field, "CustomerId"),
        new("EVENT_CAPTURED_DT", FeedValue.ResponsysTime, "Captured"), new("EVENT_STORED_DT", FeedValue.ResponsysTime, "Stored"),
        new("CAMPAIGN_ID", FeedValue.Field, "CampaignId"), new("LAUNCH_ID", FeedValue.Field, "LaunchId"), new("EXTERNAL_CAMPAIGN_ID", FeedValue.Field, "ExternalCampaignId"),
    ];

    private static readonly FeedColumn[] Device =
    [
        new("OS", FeedValue.Field, "DeviceOs"), new("BROWSER", FeedValue.Field, "Browser"), new("BROWSER_TYPE", FeedValue.Field, "BrowserType"),
        new("USER_AGENT_STRING", FeedValue.Field, "UserAgent"),
    ];

    /// <summary>The files of a run, in order, up to event <paramref name="upTo"/>. Responsys: a file per
    /// type, each from its own position. Clang: the broadcasts, then the activities of every type
    /// (the activities file moves the positions: broadcasts again in a later run are harmless).</summary>
    public static IReadOnlyList<FeedFile> Files(Jobs.EventFeedSettings feed, Func<string, long> after, long upTo)
    {
        if (feed.Layout != FeedLayout.Clang)
        {
            return feed.EventTypes.Select(type => new FeedFile(FileToken(type), new Export.EventFeedSource([type], after(type), Columns(feed.Layout, type, feed.CustomColumns), feed.AccountId) { UpTo = upTo }, [type])).ToList();
        }

        var from = feed.EventTypes.Min(after);
        return
        [
            new FeedFile("broadcasts", new Export.EventFeedSource(feed.EventTypes, from, ClangBroadcasts, feed.AccountId) { UpTo = upTo, Broadcasts = true }, []),
            new FeedFile("activities", new Export.EventFeedSource(feed.EventTypes, from, Columns(feed.Layout, feed.EventTypes[0], feed.CustomColumns), feed.AccountId) { UpTo = upTo }, feed.EventTypes),
        ];
    }

    /// <summary>Clang's activities file: one row per event.</summary>
    private static readonly FeedColumn[] ClangActivities =
    [
        new("Broadcastid", FeedValue.Field, "CampaignId"), new("Customerid", FeedValue.Field, "Riid"), new("Externalcustomerid", FeedValue.Field, "CustomerId"),
        new("Emailaddress", FeedValue.Field, "Email"), new("Activity", FeedValue.Field, "Type"), new("Activitydate", FeedValue.IsoTime, "Captured"),
        new("Activitydescription", FeedValue.Description),
    ];

    /// <summary>Clang's broadcasts file: one row per campaign.</summary>
    public static IReadOnlyList<FeedColumn> ClangBroadcasts { get; } =
    [
        new("Broadcastid", FeedValue.Field, "CampaignId"), new("Broadcasttype", FeedValue.Largest, "MailingType"), new("Description", FeedValue.Largest, "CampaignName"),
        new("Subject", FeedValue.Largest, "Subject"), new("Sentat", FeedValue.FirstSent),
    ];

    /// <summary>The columns of a type's file: the common ones, the type's own, then the custom
    /// columns (named custom properties of the events) in the order given. (Clang: the activities
    /// file's, whatever the type.)</summary>
    public static IReadOnlyList<FeedColumn> Columns(FeedLayout layout, string type, IReadOnlyList<string> customColumns)
    {
        if (layout == FeedLayout.Clang)
        {
            return [.. ClangActivities, .. customColumns.Select(c => new FeedColumn(c, FeedValue.Property, c))];
        }

        var recipient = EventTypes.Find(type).Channel is EventChannel.Sms or EventChannel.Mms
            ? new FeedColumn("MOBILE_NUMBER", FeedValue.Field, "Mobile")
            : new FeedColumn("EMAIL", FeedValue.Field, "Email");
        FeedColumn[] own = type switch
        {
            "Sent" => [recipient, new("MESSAGE_SIZE", FeedValue.Field, "MessageSize")],
            "Bounced" or "PushBounced" => [recipient, new("BOUNCE_TYPE", FeedValue.Field, "BounceType"), new("REASON", FeedValue.Field, "BounceReason")],
            "Clicked" or "SmsClicked" or "PushClicked" => [recipient, new("OFFER_NAME", FeedValue.Field, "UrlDescription"), new("OFFER_URL", FeedValue.Field, "Url"), .. Device],
            "Opened" or "Converted" or "PushOpened" or "PushConverted" or "SmsConverted" => [recipient, .. Device],
            "Failed" or "Skipped" or "SmsFailed" or "SmsSkipped" or "MmsFailed" or "MmsSkipped" or "PushFailed" or "PushSkipped" => [recipient, new("REASON", FeedValue.Field, "BounceReason")],
            "OptedIn" or "OptedOut" or "SmsOptedIn" or "SmsOptedOut" => [recipient, new("SOURCE", FeedValue.Field, "Source")],
            "Custom" => [recipient, new("CUSTOM_EVENT_NAME", FeedValue.Field, "CustomType")],
            _ => [recipient],
        };
        return [.. ResponsysCommon, .. own, .. customColumns.Select(c => new FeedColumn(c, FeedValue.Property, c))];
    }

    /// <summary>The word a Responsys file name gives the type: 1234_CLICK_20190103_130532.txt for
    /// email clicks, 1234_SMS_CLICK_… for SMS (the channel first, as Responsys names them).</summary>
    public static string FileToken(string type)
    {
        var (name, channel) = EventTypes.Find(type);
        var word = channel == EventChannel.Email || channel == EventChannel.Audit ? name : name[channel.ToString().Length..];
        var token = word switch
        {
            "Clicked" => "CLICK", "Opened" => "OPEN", "Bounced" => "BOUNCE", "Failed" => "FAIL", "Converted" => "CONVERT", "Complained" => "COMPLAINT",
            "OptedIn" => "OPT_IN", "OptedOut" => "OPT_OUT",
            _ => string.Concat(word.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant(),
        };
        return channel is EventChannel.Email or EventChannel.Audit ? token : $"{channel.ToString().ToUpperInvariant()}_{token}";
    }
}
