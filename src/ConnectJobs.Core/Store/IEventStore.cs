using ConnectJobs.Data;

namespace ConnectJobs.Store;

/// <summary>Contact events the store records.</summary>
public interface IEventStore
{
    /// <summary>The contact events the store recorded (opt-ins and opt-outs), oldest first; of one
    /// list, and after a time, when given.</summary>
    Task<IReadOnlyList<ContactEvent>> GetEventsAsync(string? list, DateTime? after, CancellationToken cancellationToken);
}
