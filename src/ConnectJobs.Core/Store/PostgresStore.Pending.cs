using ConnectJobs.Events;

namespace ConnectJobs.Store;

/// <summary>What a PostgreSQL store does not keep yet, refused with a clear error rather than done
/// half: the event store and its feeds. The store is not offered by any cmdlet until they are in.</summary>
public sealed partial class PostgresStore
{
    public Task<EventCounts> AddEventsAsync(IEnumerable<StoredEvent> events, CancellationToken cancellationToken) => throw Pending("events");

    public Task<long> GetLastSequenceAsync(CancellationToken cancellationToken) => throw Pending("events");

    public Task<IReadOnlyList<ConnectEvent>> GetEventsAsync(EventQuery query, CancellationToken cancellationToken) => throw Pending("events");

    public Task<int> GetEventRetentionDaysAsync(CancellationToken cancellationToken) => throw Pending("events");

    public Task SetEventRetentionDaysAsync(int days, CancellationToken cancellationToken) => throw Pending("events");

    public Task<EventPurge> PurgeEventsAsync(DateTime nowUtc, CancellationToken cancellationToken) => throw Pending("events");

    private ConnectException Pending(string what) =>
        ConnectException.Create(ErrorIds.StoreNotYetOnPostgres, ErrorKind.NotImplemented, Location, Messages.StoreNotYetOnPostgres, Location, what);
}
