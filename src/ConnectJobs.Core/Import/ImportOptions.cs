namespace ConnectJobs.Import;

/// <summary>How files are read and merged: the choices an Import-ConnectRecord call, an import job's
/// definition and each of its runs share, declared once with their defaults.</summary>
public sealed record ImportOptions
{
    public InboundFormat Format { get; init; } = new();

    public ImportRules Rules { get; init; } = new();

    /// <summary>File column → target column; columns named like a target column map by themselves (any case).</summary>
    public IReadOnlyDictionary<string, string>? Mapping { get; init; }

    /// <summary>One or two list columns that identify a record (EMAIL_ADDRESS_ compares without regard to case).</summary>
    public IReadOnlyList<string> MatchColumns { get; init; } = [Data.SystemColumns.EmailAddress];

    public MatchedAction OnMatch { get; init; } = MatchedAction.Update;

    public UnmatchedAction OnNoMatch { get; init; } = UnmatchedAction.Insert;

    /// <summary>Supplemental and extension tables: delete every row first, in the same transaction.</summary>
    public bool ReplaceAll { get; init; }

    /// <summary>Extension tables: add a list record for rows whose match fields find none, instead of rejecting them.</summary>
    public bool InsertIntoList { get; init; }

    /// <summary>Suppression lists: remove the file's addresses and domains instead of adding them.</summary>
    public bool Remove { get; init; }

    /// <summary>A file without records fails instead of succeeding with nothing to do.</summary>
    public bool FailIfEmpty { get; init; }

    /// <summary>The header every file must have (a job made from an earlier import); null takes any.</summary>
    public IReadOnlyList<string>? ExpectedHeader { get; init; }
}
