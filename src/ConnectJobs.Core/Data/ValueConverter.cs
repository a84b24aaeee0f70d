using System.Globalization;

namespace ConnectJobs.Data;

/// <summary>Converts values between what callers give, what SQLite keeps and what readers get back.
/// Timestamps are kept as UTC text ('yyyy-MM-dd HH:mm:ss.fff') so that they sort, compare in SQL and
/// read well in the sqlite3 shell.</summary>
internal static class ValueConverter
{
    internal const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff";

    public static string FormatTimestamp(DateTime value) =>
        (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value).ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static DateTime ParseTimestamp(string stored) =>
        DateTime.SpecifyKind(DateTime.ParseExact(stored, TimestampFormat, CultureInfo.InvariantCulture), DateTimeKind.Utc);

    /// <summary>The value to store, or false when it does not fit the type. Empty text is null.</summary>
    public static bool TryToStorage(ColumnType type, object? value, out object? stored)
    {
        stored = null;
        if (value is null || value is DBNull || (value is string s0 && s0.Length == 0))
        {
            return true;
        }

        var inv = CultureInfo.InvariantCulture;
        switch (type)
        {
            case ColumnType.Text:
                stored = value is IFormattable f ? f.ToString(null, inv) : value.ToString();
                return true;
            case ColumnType.Number:
                if (value is long or int or short or byte or sbyte or ushort or uint)
                {
                    stored = Convert.ToInt64(value, inv);
                    return true;
                }

                if (value is string sn && long.TryParse(sn.Trim(), NumberStyles.AllowLeadingSign, inv, out var n))
                {
                    stored = n;
                    return true;
                }

                if (value is double or float or decimal or ulong)
                {
                    var d = Convert.ToDecimal(value, inv);
                    if (decimal.Truncate(d) == d && d >= long.MinValue && d <= long.MaxValue)
                    {
                        stored = (long)d;
                        return true;
                    }
                }

                return false;
            case ColumnType.Decimal:
                if (value is string sd)
                {
                    if (double.TryParse(sd.Trim(), NumberStyles.Float, inv, out var parsed) && double.IsFinite(parsed))
                    {
                        stored = parsed;
                        return true;
                    }

                    return false;
                }

                if (value is IConvertible && value is not bool and not DateTime and not char)
                {
                    stored = Convert.ToDouble(value, inv);
                    return double.IsFinite((double)stored);
                }

                return false;
            case ColumnType.Timestamp:
                switch (value)
                {
                    case DateTime dt:
                        stored = FormatTimestamp(dt);
                        return true;
                    case DateTimeOffset dto:
                        stored = FormatTimestamp(dto.UtcDateTime);
                        return true;
                    case string st when DateTimeOffset.TryParse(st.Trim(), inv, DateTimeStyles.AssumeUniversal, out var p):
                        stored = FormatTimestamp(p.UtcDateTime);
                        return true;
                    default:
                        return false;
                }

            default:
                return false;
        }
    }

    public static object? FromStorage(ColumnType type, object? stored) => stored switch
    {
        null or DBNull => null,
        _ => type switch
        {
            ColumnType.Number => Convert.ToInt64(stored, CultureInfo.InvariantCulture),
            ColumnType.Decimal => Convert.ToDecimal(stored, CultureInfo.InvariantCulture),
            ColumnType.Timestamp => ParseTimestamp((string)stored),
            _ => Convert.ToString(stored, CultureInfo.InvariantCulture),
        },
    };

    public static string SqlType(ColumnType type) => type switch
    {
        ColumnType.Number => "INTEGER",
        ColumnType.Decimal => "REAL",
        _ => "TEXT",
    };
}
