namespace ConnectJobs.Store;

/// <summary>What Get-ConnectStore shows about the store in use.</summary>
public sealed record StoreInfo(
    string Path,
    StoreSource Source,
    int SchemaVersion,
    string ControlDatabase,
    string DataDatabase,
    long SizeBytes,
    IReadOnlyList<string> Warnings)
{
    /// <summary>SQLite (a folder) or PostgreSQL (a database that several runner hosts share).</summary>
    public string Provider { get; init; } = "SQLite";

    /// <summary>The database engine and its version (for SQLite, the library the module carries).</summary>
    public string Server { get; init; } = "";

    /// <summary>The store's own file server layout, as a Responsys SCP account has it: where files
    /// for import jobs arrive (a job that names no connection and no folder reads here)...</summary>
    public string UploadFolder { get; init; } = "";

    /// <summary>...where export jobs that name no folder deliver...</summary>
    public string DownloadFolder { get; init; } = "";

    /// <summary>...and where those import jobs archive what they imported.</summary>
    public string ArchiveFolder { get; init; } = "";

    /// <summary>How many days events are kept (Set-ConnectStore -EventRetentionDays).</summary>
    public int EventRetentionDays { get; init; }
}
