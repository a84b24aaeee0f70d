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
/// <param name="FilePath">The file to read (a local copy, for a file from a server).</param>
/// <param name="Options">How it is read and merged.</param>
public sealed record ImportRequest(string FilePath, ImportOptions Options)
{
    /// <summary>Where rejected rows are written; null for the store's rejects folder.</summary>
    public string? RejectPath { get; init; }

    /// <summary>Do everything but commit: the -WhatIf of imports.</summary>
    public bool Preview { get; init; }

    /// <summary>The record count a count file gives; a file with another count loads nothing.</summary>
    public long? ExpectedRows { get; init; }

    /// <summary>The file as the user knows it, when <see cref="FilePath"/> is a local copy of it (a
    /// file downloaded from a server): what messages and reason files name.</summary>
    public string? SourceName { get; init; }

    /// <summary>What messages call the file: <see cref="SourceName"/>, else <see cref="FilePath"/>.</summary>
    public string Source => SourceName ?? FilePath;

    /// <summary>The passphrase of <see cref="InboundFormat.DecryptionKeyFile"/>, when it has one (never stored).</summary>
    public char[]? DecryptionPassphrase { get; init; }

    /// <summary>A Custom event of this name for every list record the import inserts or updates (the
    /// Responsys job wizard's custom event); null for none.</summary>
    public string? CustomEvent { get; init; }

    /// <summary>Import into a new extension table of the target list, made from the file's columns
    /// (Responsys' auto-generated extension tables); null imports into the target itself.</summary>
    public AutoExtensionTable? NewExtensionTable { get; init; }

    /// <summary>A file with no rows, when the options say that fails, or another number of rows than
    /// its count file gives, fails as a whole.</summary>
    public void CheckRowCount(long rowsRead)
    {
        if (Options.FailIfEmpty && rowsRead == 0)
        {
            throw ConnectException.Create(ErrorIds.EmptyFile, ErrorKind.InvalidFile, Source, Messages.FailIfEmpty, Source);
        }

        if (ExpectedRows is long expected && expected != rowsRead)
        {
            throw ConnectException.Create(ErrorIds.CountMismatch, ErrorKind.InvalidFile, Source, Messages.CountMismatch, Source, rowsRead, expected);
        }
    }
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
