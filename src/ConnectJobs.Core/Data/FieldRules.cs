using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ConnectJobs.Data;

/// <summary>What is wrong with one value: a stable rule name (the error id) and a message that says
/// where (record or line), which column and why.</summary>
public sealed record FieldProblem(string Rule, string Column, object? Value, string Message);

/// <summary>The checks every value passes before it is stored, whether it comes from
/// Add-ConnectRecord or from a file: type, length, code values and email form.</summary>
internal static partial class FieldRules
{
    /// <summary>Converts <paramref name="value"/> for storage in <paramref name="column"/>, or says
    /// why it cannot be stored. <paramref name="where"/> is "Record 3" or "Line 17".</summary>
    public static FieldProblem? Check(ColumnDefinition column, object? value, string where, out object? stored)
    {
        if (!ValueConverter.TryToStorage(column.Type, value, out stored))
        {
            return Problem(ErrorIds.InvalidFieldValue, column, value, Messages.InvalidFieldValue, where, column.Name, value, column.Type);
        }

        if (stored is not string text)
        {
            return null;
        }

        if (text.Length > column.MaxLength)
        {
            return Problem(ErrorIds.FieldTooLong, column, value, Messages.FieldTooLong, where, column.Name, text.Length, column.MaxLength);
        }

        if (SystemColumns.Codes.TryGetValue(column.Name, out var codes))
        {
            stored = text = text.ToUpperInvariant();
            if (!codes.Contains(text))
            {
                return Problem(ErrorIds.InvalidCodeValue, column, value, Messages.InvalidCodeValue, where, column.Name, value, string.Join(", ", codes));
            }
        }

        if (column.Name == SystemColumns.EmailAddress)
        {
            if (!EmailPattern().IsMatch(text))
            {
                return Problem(ErrorIds.InvalidEmail, column, value, Messages.InvalidEmail, where, column.Name, value);
            }

            var tld = text[(text.LastIndexOf('.') + 1)..];
            if (!TopLevelDomains.Value.Contains(tld))
            {
                return Problem(ErrorIds.UnknownTopLevelDomain, column, value, Messages.UnknownTopLevelDomain, where, column.Name, value, tld);
            }
        }

        return null;
    }

    /// <summary>The IANA top-level domains (shipped as data: Data/tlds.txt), compared without regard to case.</summary>
    private static readonly Lazy<FrozenSet<string>> TopLevelDomains = new(() =>
    {
        using var stream = typeof(FieldRules).Assembly.GetManifestResourceStream("ConnectJobs.Data.tlds.txt")!;
        using var reader = new StreamReader(stream);
        var labels = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                labels.Add(line);
            }
        }

        return labels.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    });

    public static string RecordLocation(long number) => string.Format(CultureInfo.CurrentCulture, Messages.RecordLocation, number);

    public static string LineLocation(long line) => string.Format(CultureInfo.CurrentCulture, Messages.LineLocation, line);

    private static FieldProblem Problem(string rule, ColumnDefinition column, object? value, string format, params object?[] args) =>
        new(rule, column.Name, value, string.Format(CultureInfo.CurrentCulture, format, args));

    // A local part, '@', and a domain of dot-separated labels ending in a top-level domain of
    // letters (or an internationalised one, xn--): what mail systems accept in practice, not every
    // form RFC 5322 allows. Whether the top-level domain exists is checked against the IANA list.
    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,63}|[Xx][Nn]--[A-Za-z0-9-]{1,59})$")]
    private static partial Regex EmailPattern();
}
