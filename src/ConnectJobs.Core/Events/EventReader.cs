using System.Globalization;

namespace ConnectJobs.Events;

/// <summary>Reads events from named values (a file's columns, a JSON object's keys, a pipeline
/// object's properties): a column maps to a field by the mapping or by its own name, and any other
/// column becomes a named custom property. Checks the type, the time and the recipient key.</summary>
public sealed class EventReader(IReadOnlyDictionary<string, string>? mapping, TimeZoneInfo zone, string? source)
{
    private readonly Dictionary<string, string> _mapping = new(mapping ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);

    /// <summary>How many timestamps had no offset and were read in the reader's time zone.</summary>
    public long WithoutOffset { get; private set; }

    public TimeZoneInfo Zone => zone;

    /// <summary>The fields the mapping and the columns name, or RequiredColumnMissing for the first of
    /// type, time and a recipient key that no column gives.</summary>
    public void CheckColumns(IReadOnlyList<string> columns, string file)
    {
        var fields = columns.Select(c => _mapping.TryGetValue(c, out var f) ? f : c).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var required in new[] { "Type", "Captured" })
        {
            if (!fields.Contains(required))
            {
                throw ConnectException.Create(ErrorIds.RequiredColumnMissing, ErrorKind.InvalidFile, file, Messages.EventColumnMissing, file, required);
            }
        }

        if (!EventFields.RecipientKeys.Any(fields.Contains))
        {
            throw ConnectException.Create(ErrorIds.RequiredColumnMissing, ErrorKind.InvalidFile, file, Messages.EventColumnMissing, file, string.Join(" or ", EventFields.RecipientKeys));
        }
    }

    public ConnectEvent? Read(long line, IEnumerable<KeyValuePair<string, string?>> row, Func<string> record, out Import.RejectedRow? reject) =>
        ReadValues(line, row, record, out reject) is { } e ? EventFields.Create(e.Values, e.Channel, e.Properties) : null;

    /// <summary>The event as the store writes it, made without the <see cref="ConnectEvent"/> in between
    /// (a file's millions of rows).</summary>
    public StoredEvent? ReadStored(long line, IEnumerable<KeyValuePair<string, string?>> row, Func<string> record, out Import.RejectedRow? reject) =>
        ReadValues(line, row, record, out reject) is { } e ? StoredEvent.From(e.Values, e.Channel, e.Properties) : null;

    private (object?[] Values, EventChannel Channel, IReadOnlyDictionary<string, string> Properties)? ReadValues(long line, IEnumerable<KeyValuePair<string, string?>> row, Func<string> record, out Import.RejectedRow? reject)
    {
        reject = null;
        var values = new object?[EventFields.All.Count];
        values[Source] = source;
        Dictionary<string, string>? properties = null;
        foreach (var (column, text) in row)
        {
            var index = FieldOf(column);
            if (index < 0)
            {
                if (!string.IsNullOrEmpty(text))
                {
                    (properties ??= new Dictionary<string, string>(StringComparer.Ordinal))[column] = text;
                }

                continue;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            switch (EventFields.All[index].Kind)
            {
                case EventFieldKind.Integer when long.TryParse(text.AsSpan().Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number):
                    values[index] = number;
                    break;
                case EventFieldKind.Integer:
                    reject = new Import.RejectedRow(line, column, ErrorIds.InvalidFieldValue, string.Format(CultureInfo.CurrentCulture, Messages.EventNotInteger, text, column), record());
                    return null;
                case EventFieldKind.Time when ReadTime(text) is { } time:
                    values[index] = time;
                    break;
                case EventFieldKind.Time:
                    reject = new Import.RejectedRow(line, column, ErrorIds.InvalidTimestamp, string.Format(CultureInfo.CurrentCulture, Messages.EventBadTime, text, column), record());
                    return null;
                default:
                    values[index] = text;
                    break;
            }
        }

        var typeName = values[TypeField] as string;
        if (typeName is null || !EventTypes.TryFind(typeName, out var type))
        {
            reject = typeName is null
                ? new Import.RejectedRow(line, Column("Type"), ErrorIds.RequiredColumnMissing, string.Format(CultureInfo.CurrentCulture, Messages.EventFieldEmpty, "Type"), record())
                : new Import.RejectedRow(line, Column("Type"), ErrorIds.UnknownEventType, string.Format(CultureInfo.CurrentCulture, Messages.UnknownEventType, typeName, string.Join(", ", EventTypes.Names)), record());
            return null;
        }

        if (values[Captured] is null)
        {
            reject = new Import.RejectedRow(line, Column("Captured"), ErrorIds.RequiredColumnMissing, string.Format(CultureInfo.CurrentCulture, Messages.EventFieldEmpty, "Captured"), record());
            return null;
        }

        if (RecipientFields.All(i => values[i] is null))
        {
            reject = new Import.RejectedRow(line, null, ErrorIds.RequiredColumnMissing, string.Format(CultureInfo.CurrentCulture, Messages.EventFieldEmpty, string.Join(" or ", EventFields.RecipientKeys)), record());
            return null;
        }

        values[TypeField] = type.Name;
        return (values, type.Channel, properties ?? Empty);
    }

    private static readonly Dictionary<string, string> Empty = [];

    private static readonly int TypeField = IndexOf("Type");

    private static readonly int Captured = IndexOf("Captured");

    private static readonly int Source = IndexOf("Source");

    private static readonly int[] RecipientFields = EventFields.RecipientKeys.Select(IndexOf).ToArray();

    private static int IndexOf(string name) => EventFields.All.ToList().FindIndex(f => f.Name == name);

    /// <summary>The field a column feeds (by the mapping, else by its own name), or -1: looked up
    /// once per column name, not once per row.</summary>
    private int FieldOf(string column)
    {
        if (!_fields.TryGetValue(column, out var index))
        {
            index = EventFields.TryFind(_mapping.TryGetValue(column, out var name) ? name : column, out var field) ? IndexOf(field.Name) : -1;
            _fields[column] = index;
        }

        return index;
    }

    private readonly Dictionary<string, int> _fields = new(StringComparer.Ordinal);

    /// <summary>The file's column that feeds a field (its own name when nothing maps to it).</summary>
    private string Column(string field) => _mapping.FirstOrDefault(m => string.Equals(m.Value, field, StringComparison.OrdinalIgnoreCase)).Key ?? field;

    /// <summary>An ISO 8601 time; one with an offset (or Z) is exact, one without is in the reader's zone.</summary>
    private DateTime? ReadTime(string text)
    {
        if (!DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind | DateTimeStyles.AllowWhiteSpaces, out var time))
        {
            return null;
        }

        if (time.Kind != DateTimeKind.Unspecified)
        {
            return time.ToUniversalTime();
        }

        WithoutOffset++;
        return Schedules.ScheduleRules.ToUtc(time, zone);
    }
}
