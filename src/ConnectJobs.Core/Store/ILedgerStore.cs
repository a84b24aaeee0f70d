namespace ConnectJobs.Store;

/// <summary>The file ledger: every file a job took in or delivered.</summary>
public interface ILedgerStore
{
    /// <summary>Records a file a job took in or delivered, in the ledger.</summary>
    Task RecordTransferAsync(Locations.FileTransfer transfer, CancellationToken cancellationToken);

    /// <summary>The earlier transfer of the same file (place, size, time and SHA-256), or null.</summary>
    Task<Locations.FileTransfer?> FindTransferAsync(Locations.FileTransfer transfer, CancellationToken cancellationToken);

    /// <summary>The ledger, newest first.</summary>
    Task<IReadOnlyList<Locations.FileTransfer>> GetTransfersAsync(long? jobId, DateTime? after, CancellationToken cancellationToken);
}
