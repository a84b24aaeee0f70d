using ConnectJobs.Data;

namespace ConnectJobs.Export;

/// <summary>The current row of an export query, read in place: a store hands values over as UTF-8
/// without making strings of them, which is what lets an export keep up with the sqlite3 shell.</summary>
public interface IRowReader
{
    /// <summary>The value's text in UTF-8; no bytes for null (an export writes both the same way).</summary>
    ReadOnlySpan<byte> GetUtf8(int column);
}

/// <summary>Where an export's rows go: told the columns once, then given each row.</summary>
public interface IExportSink
{
    /// <summary>The rows written so far.</summary>
    long Rows { get; }

    void Start(IReadOnlyList<ColumnDefinition> columns);

    void Write(IRowReader row);

    /// <summary>How a server that writes CSV itself (PostgreSQL's COPY) must write the rows of these
    /// columns for the sink to take its text as it comes, byte for byte what <see cref="Write"/>
    /// would have made; null when the sink must see each value (masks, hashes, formula escapes, date
    /// formats and zones, other character sets, decimals, files that never enclose). Asked once,
    /// after <see cref="Start"/>: a layout returned readies the sink for <see cref="WriteServerCsv"/>.</summary>
    ServerCsvLayout? ServerLayout(IReadOnlyList<ColumnDefinition> columns);

    /// <summary>The next piece of the rows as the server wrote them in <see cref="ServerLayout"/>'s
    /// layout, in UTF-8 (records ending in LF, no header: <see cref="Start"/> wrote the sink's own).</summary>
    void WriteServerCsv(ReadOnlySpan<byte> text);
}

/// <summary>The CSV a server writes for a sink: its delimiter and enclosure, each field enclosed only
/// where needed, records ending in LF.</summary>
public sealed record ServerCsvLayout(char Delimiter, char Quote);

/// <summary>What to export: a list (optionally through a filter), a table, with a column choice, all
/// records or only those changed after a watermark.</summary>
public sealed record ExportSource
{
    /// <summary>The list or table.</summary>
    public required string Target { get; init; }

    /// <summary>A saved filter on the list, by name.</summary>
    public string? Filter { get; init; }

    /// <summary>An unsaved filter (Export-ConnectRecord -Filter), used with <see cref="Filter"/> if both are given.</summary>
    public Filters.FilterNode? Expression { get; init; }

    /// <summary>The columns in output order; null for all of them.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Export only records changed after the last export's watermark.</summary>
    public bool Incremental { get; init; }

    /// <summary>The watermark of the last successful incremental export (null: none yet, export all).</summary>
    public string? Since { get; init; }

    /// <summary>Events of one type instead of records (an event feed); <see cref="Target"/> then only names it.</summary>
    public EventFeedSource? Events { get; init; }

    /// <summary>Only the list's records that the event store says bounced or unsubscribed.</summary>
    public Events.RecipientSelection? Recipients { get; init; }
}

/// <summary>The events of some types stored after a sequence number (up to another, or to the last
/// one in the export's snapshot), in a feed's columns: one row per event, or, for a broadcasts file,
/// one per campaign. The export's watermark is where it read up to: the next run starts there.</summary>
public sealed record EventFeedSource(IReadOnlyList<string> Types, long AfterSequence, IReadOnlyList<Events.FeedColumn> Columns, long AccountId)
{
    public long? UpTo { get; init; }

    /// <summary>One row per campaign (Clang's broadcasts file): the columns' fields are the campaign's.</summary>
    public bool Broadcasts { get; init; }
}

/// <summary>How many rows an export read, and the watermark to record when the run succeeds.</summary>
public sealed record ExportedRows(long Rows, string Watermark);
