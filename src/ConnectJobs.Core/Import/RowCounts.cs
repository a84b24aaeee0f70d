namespace ConnectJobs.Import;

/// <summary>What an import did to rows, the same for one file (ImportResult) and for a run of
/// several (JobRun, which adds them up).</summary>
/// <param name="RowsRead">Data rows in the file (header excluded).</param>
/// <param name="Inserted">New records.</param>
/// <param name="Updated">Matched records whose values changed.</param>
/// <param name="Unchanged">Matched records that already held the incoming values.</param>
/// <param name="Skipped">Rows left alone by the merge rules (matched with -OnMatch Skip, or new with -OnNoMatch Skip).</param>
/// <param name="Rejected">Rows that broke a rule, written to the reject file.</param>
/// <param name="Removed">Rows deleted by ReplaceAll, or entries taken off a suppression list.</param>
public sealed record RowCounts(long RowsRead = 0, long Inserted = 0, long Updated = 0, long Unchanged = 0, long Skipped = 0, long Rejected = 0, long Removed = 0)
{
    public static RowCounts None { get; } = new();

    public static RowCounts operator +(RowCounts a, RowCounts b) =>
        new(a.RowsRead + b.RowsRead, a.Inserted + b.Inserted, a.Updated + b.Updated, a.Unchanged + b.Unchanged, a.Skipped + b.Skipped, a.Rejected + b.Rejected, a.Removed + b.Removed);
}

/// <summary>What an import did to rows, for one file (ImportResult) or added up over a run's files
/// (JobRun): the counts, and each one as a property of its own for scripts and format views.</summary>
public abstract record CountedRows
{
    public RowCounts Counts { get; init; } = RowCounts.None;

    public long RowsRead => Counts.RowsRead;

    public long Inserted => Counts.Inserted;

    public long Updated => Counts.Updated;

    public long Unchanged => Counts.Unchanged;

    public long Skipped => Counts.Skipped;

    public long Rejected => Counts.Rejected;

    public long Removed => Counts.Removed;
}
