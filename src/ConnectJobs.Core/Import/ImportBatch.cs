using ConnectJobs.Data;

namespace ConnectJobs.Import;

/// <summary>One file's rows on their way into a target, worked out by the <see cref="Importer"/>:
/// where they go, which file column feeds which target column, and the request's rules.</summary>
/// <param name="List">For an extension table, its list, where the match fields find the records.</param>
public sealed record ImportBatch(DataTarget Target, ProfileList? List, FieldMap Map, ImportRequest Request);

/// <summary>What a merge did (or, in a preview, would do).</summary>
public sealed record MergeCounts(long Inserted, long Updated, long Unchanged, long Skipped, long Removed, long ListInserted, long Duplicates)
{
    /// <summary>The file's rows, rejected ones included.</summary>
    public long RowsRead { get; init; }

    /// <summary>In a preview, the first rows of each outcome.</summary>
    public IReadOnlyList<ImportSample> Samples { get; init; } = [];

    /// <summary>The write clock's stamp of the committed merge (its MODIFIED_DATE_).</summary>
    public string? Stamp { get; init; }
}
