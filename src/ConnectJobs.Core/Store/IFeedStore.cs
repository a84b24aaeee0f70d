namespace ConnectJobs.Store;

/// <summary>Where each event feed got to: per job and event type, the last ingestion sequence number
/// that a delivered file held. Moved on only when that file is at its final name.</summary>
public interface IFeedStore
{
    Task<IReadOnlyDictionary<string, long>> GetFeedPositionsAsync(long jobId, CancellationToken cancellationToken);

    Task SetFeedPositionAsync(long jobId, string type, long sequence, CancellationToken cancellationToken);
}
