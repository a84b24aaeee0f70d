using System.Text;
using System.Text.Json;
using ConnectJobs.Import;

namespace ConnectJobs.Events;

/// <summary>The event file formats.</summary>
public enum EventFileFormat
{
    /// <summary>Delimited text with a header row.</summary>
    Csv,

    /// <summary>One JSON object per line.</summary>
    JsonLines,
}

/// <summary>How an event file is read.</summary>
public sealed record EventFileOptions
{
    public EventFileFormat Format { get; init; }

    public char Delimiter { get; init; } = ',';

    /// <summary>The file's character set (CSV; JSON Lines are UTF-8).</summary>
    public FileEncoding Encoding { get; init; } = FileEncoding.Utf8;

    /// <summary>File column (or JSON key) to event field; other columns map by their own names.</summary>
    public IReadOnlyDictionary<string, string>? Map { get; init; }

    /// <summary>The zone a timestamp without an offset is read in (IANA or Windows id; null: this machine's).</summary>
    public string? TimeZone { get; init; }

    /// <summary>The number of rows a count file gives: a file with another number stores nothing.</summary>
    public long? ExpectedRows { get; init; }

    /// <summary>What messages call the file, when the path read is a local copy of it.</summary>
    public string? SourceName { get; init; }
}

/// <summary>What an ingestion did with a file (or the objects of a pipeline).</summary>
public sealed record EventIngestResult
{
    public required string Source { get; init; }

    public long Rows { get; init; }

    public long Added { get; init; }

    /// <summary>Events whose id was stored already, or came earlier in the same file.</summary>
    public long Duplicates { get; init; }

    public long Rejected => Rejects.Count;

    /// <summary>Timestamps without an offset, read in <see cref="TimeZone"/>.</summary>
    public long WithoutOffset { get; init; }

    public string? TimeZone { get; init; }

    public IReadOnlyList<RejectedRow> Rejects { get; init; } = [];
}

/// <summary>Reads and stores an event file: every readable row in one transaction (nothing stored
/// when the file cannot be read at all), each unreadable row rejected with line, column and rule.</summary>
public sealed class EventFile(Store.IConnectStore store)
{
    public async Task<EventIngestResult> IngestAsync(string path, EventFileOptions options, CancellationToken cancellationToken)
    {
        var zone = options.TimeZone is null ? TimeZoneInfo.Local : Schedules.ScheduleRules.FindZone(options.TimeZone);
        var name = options.SourceName ?? path;
        var reader = new EventReader(options.Map, zone, Path.GetFileName(name));
        var rejects = new List<RejectedRow>();
        long rows = 0;
        IEnumerable<StoredEvent> Counted(IEnumerable<(long Line, IEnumerable<KeyValuePair<string, string?>>? Row, Func<string> Record)> source)
        {
            foreach (var (line, row, record) in source)
            {
                rows++;
                if (row is null)
                {
                    rejects.Add(new RejectedRow(line, null, ErrorIds.InvalidFileFormat, Messages.EventLineNotJson, record()));
                }
                else if (reader.ReadStored(line, row, record, out var reject) is { } e)
                {
                    yield return e;
                }
                else
                {
                    rejects.Add(reject!);
                }
            }
        }

        // The file is read and checked on a worker thread while this one stores: the two halves cost
        // about the same, and a machine has more than one core.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var batches = new System.Collections.Concurrent.BlockingCollection<StoredEvent[]>(boundedCapacity: 16);
        var source = options.Format == EventFileFormat.JsonLines ? JsonRows(path, reader) : CsvRows(path, new InboundFormat { Delimiter = options.Delimiter, Encoding = options.Encoding }, reader, rejects, stop.Token);
        var producer = Task.Run(() => Produce(Counted(source), batches, stop.Token), stop.Token);

        // A fault of the file found by the reader (a missing column, a wrong character set half-way)
        // is thrown inside the store's transaction, which then stores nothing of the file.
        IEnumerable<StoredEvent> Consume()
        {
            foreach (var batch in batches.GetConsumingEnumerable(stop.Token))
            {
                foreach (var e in batch)
                {
                    yield return e;
                }
            }

            producer.GetAwaiter().GetResult();
            if (options.ExpectedRows is long expected && expected != rows)
            {
                throw ConnectException.Create(ErrorIds.CountMismatch, ErrorKind.InvalidFile, name, Messages.CountMismatch, name, rows, expected);
            }
        }

        EventCounts counts;
        try
        {
            counts = await store.AddEventsAsync(Consume(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ConnectException.Create(ErrorIds.InboundFileNotFound, ErrorKind.ResourceUnavailable, path, Messages.EventFileUnreadable, path, e.Message);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(producer).ConfigureAwait(false);
        }

        await producer.ConfigureAwait(false);
        return new EventIngestResult
        {
            Source = name, Rows = rows, Added = counts.Added, Duplicates = counts.Duplicates, Rejects = rejects,
            WithoutOffset = reader.WithoutOffset, TimeZone = zone.Id,
        };
    }

    /// <summary>The rows of a CSV file read as imports read them (strictly: character set, quotes,
    /// field counts; a malformed row rejected with its line).</summary>
    /// <summary>Hands the events over in batches; completes the collection however it ends, so the
    /// storing side never waits for more.</summary>
    private static void Produce(IEnumerable<StoredEvent> events, System.Collections.Concurrent.BlockingCollection<StoredEvent[]> batches, CancellationToken token)
    {
        try
        {
            var batch = new List<StoredEvent>(Batch);
            foreach (var e in events)
            {
                batch.Add(e);
                if (batch.Count == Batch)
                {
                    batches.Add([.. batch], token);
                    batch.Clear();
                }
            }

            batches.Add([.. batch], token);
        }
        finally
        {
            batches.CompleteAdding();
        }
    }

    private const int Batch = 1024;

    private static IEnumerable<(long, IEnumerable<KeyValuePair<string, string?>>?, Func<string>)> CsvRows(string path, InboundFormat format, EventReader reader, List<RejectedRow> rejects, CancellationToken cancellationToken)
    {
        using var file = InboundFile.Open(path, format, Path.GetFileName(path));
        var columns = file.Columns;
        reader.CheckColumns(columns, Path.GetFileName(path));
        foreach (var row in file.ReadRows(rejects.Add, cancellationToken))
        {
            var pairs = new KeyValuePair<string, string?>[columns.Count];
            for (var i = 0; i < pairs.Length; i++)
            {
                pairs[i] = new(columns[i], row.Fields[i]);
            }

            yield return (row.Line, pairs, () => CsvText.Join(row.Fields, format.Delimiter, '"'));
        }
    }

    /// <summary>Each line's keys and values; null for a line that is not a JSON object.</summary>
    private static IEnumerable<(long, IEnumerable<KeyValuePair<string, string?>>?, Func<string>)> JsonRows(string path, EventReader reader)
    {
        long line = 0;
        var checkedColumns = false;
        foreach (var text in File.ReadLines(path, Encoding.UTF8))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            List<KeyValuePair<string, string?>>? row;
            try
            {
                using var json = JsonDocument.Parse(text);
                row = json.RootElement.EnumerateObject().SelectMany(Flatten).ToList();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                // Not JSON, or JSON but not an object: the line is rejected, the rest are read.
                row = null;
            }

            if (row is not null && !checkedColumns)
            {
                reader.CheckColumns(row.Select(p => p.Key).ToArray(), Path.GetFileName(path));
                checkedColumns = true;
            }

            yield return (line, row, () => text);
        }
    }

    /// <summary>A JSON key and its text; the keys of a nested "Properties" object become custom properties.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> Flatten(JsonProperty property) =>
        property.Value.ValueKind == JsonValueKind.Object && property.NameEquals("Properties")
            ? property.Value.EnumerateObject().Select(p => new KeyValuePair<string, string?>(p.Name, Text(p.Value)))
            : [new(property.Name, Text(property.Value))];

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
