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

    public ConnectEvent? Read(long line, IEnumerable<KeyValuePair<string, string?>> row, Func<string> record, out Import.RejectedRow? reject)
    {
        reject = null;
        var e = new ConnectEvent { Type = "", Captured = default, Source = source };
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        var captured = false;
        foreach (var (column, text) in row)
        {
            if (!EventFields.TryFind(_mapping.TryGetValue(column, out var name) ? name : column, out var field))
            {
                if (!string.IsNullOrEmpty(text))
                {
                    properties[column] = text;
                }

                continue;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            object? value;
            switch (field.Kind)
            {
                case EventFieldKind.Integer when long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number):
                    value = number;
                    break;
                case EventFieldKind.Integer:
                    reject = new Import.RejectedRow(line, column, ErrorIds.InvalidFieldValue, string.Format(CultureInfo.CurrentCulture, Messages.EventNotInteger, text, column), record());
                    return null;
                case EventFieldKind.Time when ReadTime(text) is { } time:
                    value = time;
                    captured = true;
                    break;
                case EventFieldKind.Time:
                    reject = new Import.RejectedRow(line, column, ErrorIds.InvalidTimestamp, string.Format(CultureInfo.CurrentCulture, Messages.EventBadTime, text, column), record());
                    return null;
                default:
                    value = text;
                    break;
            }

            e = field.Set(e, value);
        }

        if (e.Type.Length == 0 || !EventTypes.TryFind(e.Type, out var type))
        {
            reject = e.Type.Length == 0
                ? new Import.RejectedRow(line, Column("Type"), ErrorIds.RequiredColumnMissing, string.Format(CultureInfo.CurrentCulture, Messages.EventFieldEmpty, "Type"), record())
                : new Import.RejectedRow(line, Column("Type"), ErrorIds.UnknownEventType, string.Format(CultureInfo.CurrentCulture, Messages.UnknownEventType, e.Type, string.Join(", ", EventTypes.Names)), record());
            return null;
        }

        if (!captured)
        {
            reject = new Import.RejectedRow(line, Column("Captured"), ErrorIds.RequiredColumnMissing, string.Format(CultureInfo.CurrentCulture, Messages.EventFieldEmpty, "Captured"), record());
            return null;
        }

        if (e.Riid is null && e.CustomerId is null && e.Email is null && e.Mobile is null)
        {
            reject = new Import.RejectedRow(line, null, ErrorIds.RequiredColumnMissing, string.Format(CultureInfo.CurrentCulture, Messages.EventFieldEmpty, string.Join(" or ", EventFields.RecipientKeys)), record());
            return null;
        }

        return e with { Type = type.Name, Channel = type.Channel, Properties = properties };
    }

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
