namespace ConnectJobs.Store;

/// <summary>What Copy-ConnectStore copied: each table's rows in the source and, read again after the
/// copy was committed, in the destination.</summary>
public sealed record StoreCopyResult(string Source, string Destination, IReadOnlyList<CopiedTable> Tables)
{
    public long Jobs => Rows("job");

    public long Connections => Rows("connection");

    public long Groups => Rows("job_group");

    public long Runs => Rows("run");

    /// <summary>Lists and tables (their definitions).</summary>
    public long Targets => Rows("cj_target");

    /// <summary>The records of every list and table.</summary>
    public long Records => Tables.Where(t => t.Target is not null).Sum(t => t.DestinationRows);

    public long Events => Rows("cj_event");

    /// <summary>Whether every table holds as many rows in the destination as in the source.</summary>
    public bool Verified => Tables.All(t => t.SourceRows == t.DestinationRows);

    private long Rows(string table) => Tables.FirstOrDefault(t => t.Table == table)?.DestinationRows ?? 0;
}

/// <summary>One table of a store copy; <see cref="Target"/> names the list or table whose records it holds.</summary>
public sealed record CopiedTable(string Table, string? Target, long SourceRows, long DestinationRows);
