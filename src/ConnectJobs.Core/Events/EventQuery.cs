namespace ConnectJobs.Events;

/// <summary>Which events Get-ConnectEvent reads; every criterion given must hold.</summary>
public sealed record EventQuery
{
    public string? List { get; init; }

    /// <summary>Type names as the catalogue spells them.</summary>
    public IReadOnlyList<string>? Types { get; init; }

    public EventChannel? Channel { get; init; }

    /// <summary>Captured after this instant (UTC).</summary>
    public DateTime? After { get; init; }

    /// <summary>Captured before this instant (UTC).</summary>
    public DateTime? Before { get; init; }

    public long? Riid { get; init; }

    public string? CampaignId { get; init; }

    /// <summary>At most this many, in ingestion order.</summary>
    public int? First { get; init; }
}

/// <summary>What an ingestion stored: events added, and events whose id was stored already.</summary>
public sealed record EventCounts(long Added, long Duplicates);
