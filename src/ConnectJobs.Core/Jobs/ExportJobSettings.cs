using ConnectJobs.Export;

namespace ConnectJobs.Jobs;

/// <summary>What an export job does: which records, in what file, delivered where. An event feed is an
/// export job whose source is events (<see cref="Feed"/>): one file per event type and run.</summary>
public sealed record ExportJobSettings : JobSettings
{
    /// <summary>The list or table exported.</summary>
    public required string Source { get; init; }

    /// <summary>A saved filter on the list, or null for all its records.</summary>
    public string? Filter { get; init; }

    /// <summary>The columns in output order; null for all.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Only the list's records that bounced or unsubscribed, by the event store; null for all.</summary>
    public Events.RecipientSelection? Recipients { get; init; }

    /// <summary>Only records inserted or updated since the last successful run.</summary>
    public bool Incremental { get; init; }

    /// <summary>The connection (server) the directory is on; null for a local or mounted folder.</summary>
    public string? Connection { get; init; }

    /// <summary>The folder the file is delivered to (on the connection, relative to its base directory, when there is one).</summary>
    public required string TargetDirectory { get; init; }

    /// <summary>The file name with date tokens, e.g. 'contacts_{yyyyMMdd}.csv'; '.gz', '.zip' and
    /// '.pgp'/'.asc' are added for compression and encryption.</summary>
    public required string FileName { get; init; }

    /// <summary>Start the name with 'JobID_RunID_', as Responsys does.</summary>
    public bool RunIdPrefix { get; init; } = true;

    /// <summary>How the file is written (as Export-ConnectRecord takes them).</summary>
    public ExportOptions Options { get; init; } = new();

    public ReadyFileKind ReadyFile { get; init; }

    /// <summary>The ready file's name: '{job}' is the job's name, '{file}' the data file's; date tokens too.</summary>
    public string ReadyFileName { get; init; } = "{job}.ready";

    /// <summary>Delete this job's files older than this many days from the target folder after a
    /// successful run; null keeps them all.</summary>
    public int? RetentionDays { get; init; }

    /// <summary>What an event feed exports; null for an export of records.</summary>
    public EventFeedSettings? Feed { get; init; }
}

/// <summary>An event feed's choices: which event types (one file each per run, each type in one
/// active feed only), in which layout, with which custom columns.</summary>
public sealed record EventFeedSettings
{
    public required IReadOnlyList<string> EventTypes { get; init; }

    public Events.FeedLayout Layout { get; init; }

    /// <summary>The ACCOUNT_ID the Responsys layout writes.</summary>
    public long AccountId { get; init; }

    /// <summary>Named custom properties of the events, written after the layout's columns in this order.</summary>
    public IReadOnlyList<string> CustomColumns { get; init; } = [];
}
