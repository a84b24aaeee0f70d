using ConnectJobs.Events;

namespace ConnectJobs.Store;

/// <summary>The event store: events of the sending platform and of the store itself, each with its
/// ingestion sequence number.</summary>
public interface IEventStore
{
    /// <summary>Stores the events in one transaction, in their order: all of them or, when anything
    /// fails, none. An event whose id is stored already (before, or earlier in the same batch) is
    /// counted as a duplicate and not stored again.</summary>
    Task<EventCounts> AddEventsAsync(IEnumerable<StoredEvent> events, CancellationToken cancellationToken);

    /// <summary>The last ingestion sequence number given (0 for none).</summary>
    Task<long> GetLastSequenceAsync(CancellationToken cancellationToken);

    /// <summary>The events the query selects, in ingestion order.</summary>
    Task<IReadOnlyList<ConnectEvent>> GetEventsAsync(EventQuery query, CancellationToken cancellationToken);

    /// <summary>How many days events are kept (<see cref="SqlStore.DefaultEventRetentionDays"/> unless set).</summary>
    Task<int> GetEventRetentionDaysAsync(CancellationToken cancellationToken);

    Task SetEventRetentionDaysAsync(int days, CancellationToken cancellationToken);

    /// <summary>Deletes the events captured before the retention, except those an enabled feed of
    /// their type has not exported yet; says which feeds held events back.</summary>
    Task<EventPurge> PurgeEventsAsync(DateTime nowUtc, CancellationToken cancellationToken);
}

/// <summary>What a purge deleted, and a line for each event type a feed held back.</summary>
public sealed record EventPurge(long Purged, IReadOnlyList<string> HeldBack);
