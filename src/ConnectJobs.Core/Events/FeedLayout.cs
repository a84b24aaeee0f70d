namespace ConnectJobs.Events;

/// <summary>The file layouts event feeds write.</summary>
public enum FeedLayout
{
    /// <summary>Responsys Connect's event data feed: one file per event type, Responsys column names.</summary>
    Responsys,
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
}

/// <summary>One column of a feed file: its header and what it holds.</summary>
public sealed record FeedColumn(string Header, FeedValue Value, string? Field = null);

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

    /// <summary>The columns of a type's file: the common ones, the type's own, then the custom
    /// columns (named custom properties of the events) in the order given.</summary>
    public static IReadOnlyList<FeedColumn> Columns(FeedLayout layout, string type, IReadOnlyList<string> customColumns)
    {
        _ = layout;
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
