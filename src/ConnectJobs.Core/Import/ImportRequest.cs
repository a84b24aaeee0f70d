namespace ConnectJobs.Import;

/// <summary>What to do with an incoming row whose match fields find a record.</summary>
public enum MatchedAction
{
    Update,
    Skip,
}

/// <summary>What to do with an incoming row whose match fields find no record.</summary>
public enum UnmatchedAction
{
    Insert,
    Skip,
}

/// <summary>One file to merge into a profile list or a table, and how.</summary>
/// <param name="Mapping">File column → list column; columns named like a list column map by
/// themselves (any case).</param>
/// <param name="MatchColumns">One or two list columns that identify a record (EMAIL_ADDRESS_
/// compares without regard to case).</param>
/// <param name="RejectPath">Where rejected rows are written; null for the store's rejects folder.</param>
/// <param name="Preview">Do everything but commit: the -WhatIf of imports.</param>
/// <param name="ExpectedRows">The record count a count file gives; a file with another count loads nothing.</param>
/// <param name="FailIfEmpty">A file without records fails instead of succeeding with nothing to do.</param>
/// <param name="ReplaceAll">Supplemental and extension tables: delete every row first, in the same transaction.</param>
/// <param name="InsertIntoList">Extension tables: add a list record for rows whose match fields find none, instead of rejecting them.</param>
/// <param name="Remove">Suppression lists: remove the file's addresses and domains instead of adding them.</param>
public sealed record ImportRequest(
    string FilePath,
    InboundFormat Format,
    IReadOnlyDictionary<string, string>? Mapping,
    IReadOnlyList<string> MatchColumns,
    MatchedAction OnMatch,
    UnmatchedAction OnNoMatch,
    string? RejectPath,
    bool Preview,
    long? ExpectedRows = null,
    bool FailIfEmpty = false,
    bool ReplaceAll = false,
    bool InsertIntoList = false,
    bool Remove = false)
{
    public ImportRules Rules { get; init; } = new();

    /// <summary>The file as the user knows it, when <see cref="FilePath"/> is a local copy of it (a
    /// file downloaded from a server): what messages and reason files name.</summary>
    public string? SourceName { get; init; }

    /// <summary>What messages call the file: <see cref="SourceName"/>, else <see cref="FilePath"/>.</summary>
    public string Source => SourceName ?? FilePath;

    /// <summary>The passphrase of <see cref="InboundFormat.DecryptionKeyFile"/>, when it has one (never stored).</summary>
    public char[]? DecryptionPassphrase { get; init; }

    /// <summary>The header the file must have (a job made from an earlier import); null takes any.</summary>
    public IReadOnlyList<string>? ExpectedHeader { get; init; }

    /// <summary>Import into a new extension table of the target list, made from the file's columns
    /// (Responsys' auto-generated extension tables); null imports into the target itself.</summary>
    public AutoExtensionTable? NewExtensionTable { get; init; }
}

/// <summary>An extension table an import creates from its file's columns, and when the store deletes it.</summary>
public sealed record AutoExtensionTable(string Name, int ExpiresInDays);

/// <summary>What an import did (or, in a preview, would do).</summary>
public sealed record ImportResult : CountedRows
{
    public required string File { get; init; }

    public required string Target { get; init; }

    /// <summary>List records an extension-table import added for rows that had none (InsertIntoList).</summary>
    public long ListRecordsInserted { get; init; }

    /// <summary>Rows dropped because a later row of the same file had the same match fields (the last wins).</summary>
    public long DuplicateKeys { get; init; }

    /// <summary>The store clock's stamp the merge gave the records it inserted or updated (their
    /// MODIFIED_DATE_); null for a preview. A filter against the latest load selects by it.</summary>
    public string? Stamp { get; init; }

    /// <summary>The reject file, or null when no row was rejected (or in a preview).</summary>
    public string? RejectFile { get; init; }

    public IReadOnlyList<string> UnmappedColumns { get; init; } = [];

    /// <summary>The file's column names, as its header line (or the given names) had them.</summary>
    public IReadOnlyList<string> Header { get; init; } = [];

    /// <summary>The request that made this result: with <see cref="Header"/>, what New-ConnectJob
    /// -FromImport turns into a job that takes the same kind of file again.</summary>
    public ImportRequest? Request { get; init; }

    /// <summary>In a preview, the first rows of each outcome (Insert, Update, Unchanged) with the values
    /// that would change: what -WhatIf shows before anything is committed.</summary>
    public IReadOnlyList<ImportSample> Samples { get; init; } = [];

    /// <summary>The first rejected rows, to show without opening the reject file.</summary>
    public IReadOnlyList<RejectedRow> FirstRejects { get; init; } = [];

    /// <summary>What the user should know: unmapped columns, dropped duplicates, rejected rows.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>False for a preview: nothing was written.</summary>
    public bool Committed { get; init; }

    public TimeSpan Duration { get; init; }
}

/// <summary>One row of a preview: what would happen to it and which values would change.</summary>
public sealed record ImportSample(string Action, long Line, string Key, IReadOnlyList<FieldChange> Changes)
{
    public override string ToString() => $"{Action} line {Line} ({Key}): {string.Join("; ", Changes)}";
}

/// <summary>A value before and after an import (Before is null for an insert).</summary>
public sealed record FieldChange(string Column, object? Before, object? After)
{
    public override string ToString() => Before is null ? $"{Column} = {After}" : $"{Column}: {Before} -> {After}";
}
