using ConnectJobs.Import;

namespace ConnectJobs.Jobs;

/// <summary>How a run ended (or that it has not yet).</summary>
public enum RunStatus
{
    Running,
    Succeeded,

    /// <summary>The run committed, but some rows were rejected.</summary>
    PartiallySucceeded,
    Failed,

    /// <summary>Cancelled (Ctrl+C, SIGTERM); nothing it did was committed.</summary>
    Stopped,

    /// <summary>Nothing was ready yet: the files found are still being written (settling). Not a
    /// failure; a later run takes them.</summary>
    Waiting,

    /// <summary>Every file found had been imported before (the ledger holds it): archived, nothing
    /// imported. Not a failure.</summary>
    Skipped,

    /// <summary>No file had been taken by the time the schedule expects one (-ExpectedBy): recorded by
    /// the tick and told about as a failure; the job still takes the file when it comes.</summary>
    Missed,
}

/// <summary>One run of a job: what it read, what it changed, and how it ended.</summary>
public sealed record JobRun : CountedRows
{
    public required long JobId { get; init; }

    /// <summary>Numbered per job from 1; 0 for a preview, which is not recorded.</summary>
    public required long RunId { get; init; }

    public required string Job { get; init; }

    public required RunStatus Status { get; init; }

    public required DateTime Started { get; init; }

    public DateTime? Ended { get; init; }

    public TimeSpan? Duration => Ended - Started;

    /// <summary>What the user should know that is not the run's outcome: a notification that could not be delivered.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>JobID.RunID, as Responsys names runs.</summary>
    public string FullId => $"{JobId}.{RunId}";

    /// <summary>The names of the files the run looked at (the delivered path, for an export).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Each file the run looked at with what became of it (a failed run's too).</summary>
    public IReadOnlyList<RunFile> FileResults { get; init; } = [];

    public string? RejectFile { get; init; }

    /// <summary>Records an export wrote.</summary>
    public long RowsWritten { get; init; }

    /// <summary>Bytes an export delivered (after compression and encryption).</summary>
    public long Bytes { get; init; }

    /// <summary>For an import, the store clock's stamps of its merges (one per file): the records it
    /// inserted or updated carry them as MODIFIED_DATE_, which is what a filter against the latest load selects.</summary>
    public IReadOnlyList<string> LoadStamps { get; init; } = [];

    /// <summary>For an incremental export, where it got to: the next run exports what changed after it.</summary>
    public string? Watermark { get; init; }

    public string? ErrorId { get; init; }

    public string? Error { get; init; }

    /// <summary>In a preview, the first rows of each outcome with the values that would change.</summary>
    public IReadOnlyList<Import.ImportSample> Samples { get; init; } = [];

    /// <summary>True for Invoke-ConnectJob -WhatIf: everything ran, nothing was committed or moved.</summary>
    public bool Preview { get; init; }

    public string? Host { get; init; }

    public int? ProcessId { get; init; }
}

/// <summary>How much a log line matters.</summary>
public enum LogLevel
{
    Information,
    Warning,
    Error,
}

/// <summary>One line of a run's log.</summary>
public sealed record RunLogEntry(long JobId, long RunId, int Sequence, DateTime Time, LogLevel Level, string Message);
