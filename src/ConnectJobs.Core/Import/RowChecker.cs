using System.Globalization;
using ConnectJobs.Data;

namespace ConnectJobs.Import;

/// <summary>The checks of each incoming row against its target's rules, with nothing of a store in
/// them: the file's text as the job reads it (email format words, dates, mobile numbers), the column
/// rules (FieldRules), required fields, suppression entries and match keys. A row that breaks one is a
/// reject with its line, column and rule.</summary>
internal sealed class RowChecker
{
    private readonly IReadOnlyList<(int FileIndex, ColumnDefinition Column)> _fields;
    private readonly IReadOnlyList<ColumnDefinition> _match;
    private readonly TargetKind _kind;
    private readonly ImportRules _rules;
    private readonly Dictionary<string, string>? _emailFormats;
    private readonly int[] _matchIndexes;
    private readonly int _address;
    private readonly int _domain;
    private readonly int _email;
    private readonly int _mobile;

    public RowChecker(FieldMap map, TargetKind kind, ImportRules rules)
    {
        if (rules.DefaultPermissionStatus is not (null or "I" or "O"))
        {
            throw ConnectException.Create(ErrorIds.InvalidCodeValue, ErrorKind.InvalidArgument, rules.DefaultPermissionStatus, Messages.InvalidDefaultPermission, rules.DefaultPermissionStatus);
        }

        _fields = map.Fields;
        _match = map.Match;
        _kind = kind;
        _rules = rules;
        _emailFormats = rules.EmailFormatValues?.ToDictionary(p => p.Key.Trim(), p => p.Value, StringComparer.OrdinalIgnoreCase);
        var columns = _fields.Select(f => f.Column).ToList();
        _matchIndexes = _match.Select(c => columns.IndexOf(c)).ToArray();
        _address = columns.FindIndex(c => kind == TargetKind.Suppression && c.Name == SystemColumns.EmailAddress);
        _domain = columns.FindIndex(c => kind == TargetKind.Suppression && c.Name == SystemColumns.EmailDomain);
        _email = columns.FindIndex(c => c.Name == SystemColumns.EmailAddress);
        _mobile = columns.FindIndex(c => c.Name == SystemColumns.MobileNumber);
    }

    /// <summary>The staging key of checked values: the match fields, EMAIL_ADDRESS_ folded to lower
    /// case the way SQLite's NOCASE folds it (ASCII letters only), so that rows the list would
    /// match alike share a key.</summary>
    public string Key(object?[] values)
    {
        if (_kind == TargetKind.Suppression)
        {
            // An entry is an address or a domain ('@' cannot start an address's key).
            return _address >= 0 && values[_address] is string address ? address : "@" + values[_domain];
        }

        if (_matchIndexes.Length == 1)
        {
            return KeyPart(0, values);
        }

        return string.Join('\u001F', Enumerable.Range(0, _matchIndexes.Length).Select(m => KeyPart(m, values)));
    }

    /// <summary>A staging key as people read it: two match fields as 'NAME=value, NAME=value'
    /// (the separator in the key itself is a control character that shows as nothing).</summary>
    public string DisplayKey(string key) =>
        _kind == TargetKind.Suppression || _matchIndexes.Length < 2 ? key : string.Join(", ", key.Split('\u001F').Select((value, i) => $"{_match[i].Name}={value}"));

    private string KeyPart(int match, object?[] values)
    {
        var value = Convert.ToString(values[_matchIndexes[match]], CultureInfo.InvariantCulture)!;
        return _match[match].Name == SystemColumns.EmailAddress ? AsciiLower(value) : value;
    }

    private static string AsciiLower(string value) =>
        value.Any(c => c is >= 'A' and <= 'Z') ? string.Create(value.Length, value, (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
        }) : value;

    /// <summary>The file's text as the job reads it: email format words as codes, dates in the job's
    /// format, mobile numbers in E.164 form; null when it is fine, else why not.</summary>
    private FieldProblem? Prepare(ColumnDefinition column, string text, string where, out object? value)
    {
        value = text;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (column.Name == SystemColumns.EmailFormat && _emailFormats?.GetValueOrDefault(trimmed) is { } code)
        {
            value = code;
        }
        else if (column.Type == ColumnType.Timestamp && _rules.DateFormat is { } dateFormat)
        {
            if (!DateTime.TryParseExact(trimmed, dateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
            {
                return new FieldProblem(ErrorIds.InvalidDate, column.Name, text, string.Format(CultureInfo.CurrentCulture, Messages.InvalidDate, where, column.Name, text, dateFormat));
            }

            value = date;
        }
        else if (column.Name == SystemColumns.MobileNumber && _rules.MobileCountryCode is { } country)
        {
            if (!MobileNumber.TryNormalize(trimmed, country, out var e164))
            {
                return new FieldProblem(ErrorIds.InvalidMobileNumber, column.Name, text, string.Format(CultureInfo.CurrentCulture, Messages.InvalidMobileNumber, where, column.Name, text));
            }

            value = e164;
        }

        return null;
    }

    /// <summary>The row's values for the staging table, or null with the problem that rejects it.</summary>
    public object?[]? Check(InboundRow row, InboundFormat format, out RejectedRow? problem)
    {
        problem = null;
        var where = FieldRules.LineLocation(row.Line);
        var values = new object?[_fields.Count];
        for (var i = 0; i < _fields.Count; i++)
        {
            var (index, column) = _fields[i];
            object? stored = null;
            if ((Prepare(column, row.Fields[index], where, out var value) ?? FieldRules.Check(column, value, where, out stored)) is { } bad)
            {
                problem = new RejectedRow(row.Line, bad.Column, bad.Rule, bad.Message, CsvText.Join(row.Fields, format.Delimiter, format.Quote));
                return null;
            }

            values[i] = stored;
        }

        foreach (var (required, at, name) in new[] { (_rules.RequireEmail, _email, SystemColumns.EmailAddress), (_rules.RequireMobile, _mobile, SystemColumns.MobileNumber) })
        {
            if (required && values[at] is null)
            {
                problem = new RejectedRow(row.Line, name, name == SystemColumns.EmailAddress ? ErrorIds.MissingEmail : ErrorIds.MissingMobile,
                    string.Format(CultureInfo.CurrentCulture, Messages.MissingRequiredValue, where, name), CsvText.Join(row.Fields, format.Delimiter, format.Quote));
                return null;
            }
        }

        if (_kind == TargetKind.Suppression)
        {
            // Suppression entries are compared without regard to case: they are kept in lower case.
            var address = _address >= 0 ? values[_address] as string : null;
            var domain = _domain >= 0 ? values[_domain] as string : null;
            if ((address is null) == (domain is null))
            {
                problem = new RejectedRow(row.Line, null, ErrorIds.SuppressionNeedsOneValue, string.Format(CultureInfo.CurrentCulture, Messages.SuppressionRowNeedsOneValue, where), CsvText.Join(row.Fields, format.Delimiter, format.Quote));
                return null;
            }

            if (address is not null)
            {
                values[_address] = address.ToLowerInvariant();
            }

            if (domain is not null)
            {
                values[_domain] = domain.ToLowerInvariant();
            }
        }

        for (var m = 0; m < _match.Count; m++)
        {
            if (values[_matchIndexes[m]] is null)
            {
                var message = string.Format(CultureInfo.CurrentCulture, Messages.MissingMatchValue, where, _match[m].Name);
                problem = new RejectedRow(row.Line, _match[m].Name, ErrorIds.MissingMatchValue, message, CsvText.Join(row.Fields, format.Delimiter, format.Quote));
                return null;
            }
        }

        return values;
    }
}
