namespace ConnectJobs.Store;

/// <summary>What Get-ConnectStore shows about the store in use.</summary>
public sealed record StoreInfo(
    string Path,
    StoreSource Source,
    int SchemaVersion,
    string ControlDatabase,
    string DataDatabase,
    long SizeBytes,
    IReadOnlyList<string> Warnings);
