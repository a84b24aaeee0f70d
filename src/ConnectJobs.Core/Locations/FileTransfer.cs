namespace ConnectJobs.Locations;

/// <summary>Which way a file went.</summary>
public enum TransferDirection
{
    /// <summary>An inbound file a job imported.</summary>
    In,

    /// <summary>A file a job delivered.</summary>
    Out,
}

/// <summary>One file a job took in or delivered, as the store's ledger keeps it: where, what it was
/// (size, time, SHA-256), and by which run. An import never takes the same file twice.</summary>
public sealed record FileTransfer
{
    public long Id { get; init; }

    public required TransferDirection Direction { get; init; }

    /// <summary>The connection, or null for a local folder.</summary>
    public string? Connection { get; init; }

    /// <summary>The file as its location names it.</summary>
    public required string Path { get; init; }

    public required long Size { get; init; }

    public required DateTime LastWriteUtc { get; init; }

    /// <summary>Lower-case hex.</summary>
    public required string Sha256 { get; init; }

    public required long JobId { get; init; }

    public required long RunId { get; init; }

    public DateTime Time { get; init; }
}
