using ConnectJobs.Import;

namespace ConnectJobs.Jobs;

/// <summary>What a job does, kept in the store as JSON (of the job's kind) so that settings can grow
/// without a schema change.</summary>
public abstract record JobSettings
{
    /// <summary>The longest a run may take before it is failed (RunTimedOut) and rolled back; null
    /// means <see cref="DefaultRunTimeout"/>. A hung server or a stuck file never holds a job for ever.</summary>
    public TimeSpan? RunTimeout { get; init; }

    public static TimeSpan DefaultRunTimeout { get; } = TimeSpan.FromHours(6);

    /// <summary>The run time limit that applies.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeSpan RunLimit => RunTimeout ?? DefaultRunTimeout;

    /// <summary>Who hears about the job's runs, and when; null: nobody.</summary>
    public Notifications.RunNotification? Notify { get; init; }

    /// <summary>A job or group run after each successful run of this job (Responsys' "on success,
    /// launch"); null for none.</summary>
    public string? OnSuccessRun { get; init; }

    /// <summary>Raise a ConnectJobCompleted event after each successful run that loaded or wrote
    /// records (the Responsys job wizard's option).</summary>
    public bool RaiseCompletedEvent { get; init; }
}

/// <summary>What an import job does.</summary>
public sealed record ImportJobSettings : JobSettings
{
    /// <summary>The connection (server) the directory is on; null for a local or mounted folder.</summary>
    public string? Connection { get; init; }

    /// <summary>The files are events, stored in the event store (not merged into a list or table).</summary>
    public bool TargetEvents { get; init; }

    /// <summary>A Custom event of this name for every list record a run inserts or updates; null for none.</summary>
    public string? CustomEvent { get; init; }

    /// <summary>The folder the files come from (on the connection, relative to its base directory, when there is one).</summary>
    public required string SourceDirectory { get; init; }

    /// <summary>File name with date tokens and wildcards, e.g. 'contacts_{yyyyMMdd}*.csv'.</summary>
    public required string FilePattern { get; init; }

    /// <summary>How long a file must have gone unwritten before a run takes it (a file with its count
    /// file is taken at once). Zero takes files as they are; null means 30 seconds on a server (where a
    /// sender may still be uploading) and zero in a local folder.</summary>
    public TimeSpan? SettlingTime { get; init; }

    /// <summary>The settling time that applies.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeSpan Settling => SettlingTime ?? (Connection is null ? TimeSpan.Zero : TimeSpan.FromSeconds(30));

    /// <summary>Process every matching file that is still there, oldest first, not only the oldest.</summary>
    public bool ProcessMissedFiles { get; init; }

    /// <summary>The profile list the files are merged into (or null when <see cref="TargetTable"/> is set).</summary>
    public string? TargetList { get; init; }

    /// <summary>The table the files are merged into: a supplemental or extension table, or a suppression list.</summary>
    public string? TargetTable { get; init; }

    /// <summary>Each file goes into a new extension table of <see cref="TargetList"/>, made from the
    /// file's columns and deleted after this many days (1–90); null merges into the list itself.</summary>
    public int? AutoExtensionTableDays { get; init; }

    /// <summary>The count file's name pattern ('{name}' is the data file's name without its
    /// extension), or null when the job uses none.</summary>
    public string? CountFile { get; init; }

    /// <summary>How each file is read and merged (as Import-ConnectRecord takes them).</summary>
    public ImportOptions Options { get; init; } = new();

    /// <summary>Subfolder of the source that takes files of successful runs.</summary>
    public string ArchiveFolder { get; init; } = "archive";

    /// <summary>Subfolder of the source that takes files that failed for their content (empty file,
    /// count mismatch, bad data), with a note of the reason.</summary>
    public string FailedFolder { get; init; } = "failed";
}
