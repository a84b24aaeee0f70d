namespace ConnectJobs.Events;

/// <summary>One event in the store: something that happened to a recipient (sent, opened, clicked,
/// bounced, opted out, …) on a channel, as the sending platform reported it or as ConnectJobs raised
/// it. <see cref="Sequence"/> is the order the store took it in (strictly increasing, never reused):
/// what feeds export incrementally by.</summary>
public sealed record ConnectEvent
{
    /// <summary>The ingestion sequence number (0 until stored).</summary>
    public long Sequence { get; init; }

    /// <summary>The source's own id for the event: an event whose id is stored already is not stored again.</summary>
    public string? EventId { get; init; }

    public required string Type { get; init; }

    public EventChannel Channel { get; init; }

    /// <summary>When it happened (UTC).</summary>
    public required DateTime Captured { get; init; }

    /// <summary>When the store took it (UTC).</summary>
    public DateTime Stored { get; init; }

    public long? Riid { get; init; }

    public string? CustomerId { get; init; }

    public string? Email { get; init; }

    public string? Mobile { get; init; }

    public string? List { get; init; }

    public string? CampaignId { get; init; }

    public string? CampaignName { get; init; }

    public string? ExternalCampaignId { get; init; }

    public string? LaunchId { get; init; }

    public string? MessageId { get; init; }

    /// <summary>How the message went out (Acoustic's SendExperience, Programs, AMG, AutoResponder, ABTest, …).</summary>
    public string? MailingType { get; init; }

    public string? Subject { get; init; }

    public string? Url { get; init; }

    public string? UrlDescription { get; init; }

    /// <summary>Hard or Soft.</summary>
    public string? BounceType { get; init; }

    public string? BounceReason { get; init; }

    public string? DeviceOs { get; init; }

    public string? Browser { get; init; }

    public string? BrowserType { get; init; }

    public string? UserAgent { get; init; }

    public long? MessageSize { get; init; }

    /// <summary>The name a Custom event was given.</summary>
    public string? CustomType { get; init; }

    /// <summary>Named values beyond the fields above.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the event came from (a file name, a job run, Add-ConnectEvent).</summary>
    public string? Source { get; init; }
}
