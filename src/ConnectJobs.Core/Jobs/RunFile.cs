namespace ConnectJobs.Jobs;

/// <summary>What a run did with one file it looked at.</summary>
public enum FileOutcome
{
    /// <summary>Merged into the target and archived.</summary>
    Imported,

    /// <summary>Written and delivered by an export.</summary>
    Exported,

    /// <summary>The ledger holds it already (imported by an earlier run): archived, not imported again.</summary>
    AlreadyImported,

    /// <summary>Still being written (within the settling time): left for a later run.</summary>
    NotSettled,

    /// <summary>The run failed on it; see the error id. A file at fault went to the failed folder.</summary>
    Failed,

    /// <summary>A name no file in the directory can have ('..', '/', '\', control characters): never touched.</summary>
    Refused,
}

/// <summary>One file a run looked at, and what became of it.</summary>
public sealed record RunFile(string Name, FileOutcome Outcome, string? ErrorId = null)
{
    public override string ToString() => ErrorId is null ? $"{Name} ({Outcome})" : $"{Name} ({Outcome}: {ErrorId})";
}
