namespace ConnectJobs.Events;

/// <summary>Which records the event store picks out of a list.</summary>
public enum RecipientKind
{
    /// <summary>Outbounced (Optimizely's export): the address hard-bounced, or soft-bounced
    /// <see cref="RecipientSelection.SoftBounces"/> times in a row (no open or click in between).</summary>
    Outbounced,

    /// <summary>Unsubscribers: an OptedOut event.</summary>
    Unsubscribed,
}

/// <summary>An export's choice of a list's records by their events (in the list, since a time when given).</summary>
public sealed record RecipientSelection(RecipientKind Kind, int SoftBounces = 3, DateTime? Since = null);
