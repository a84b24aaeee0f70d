using System.Globalization;
using ConnectJobs.Data;
using ConnectJobs.Import;

namespace ConnectJobs.Store;

/// <summary>The checks of each incoming row against its target's rules: match keys, value
/// conversion and column rules, required fields; a row that breaks one becomes a reject.</summary>
public sealed partial class SqliteStore
{
    private sealed partial class Staging
    {
        /// <summary>The staging key of checked values: the match fields, EMAIL_ADDRESS_ folded to lower
        /// case the way SQLite's NOCASE folds it (ASCII letters only), so that rows the list would
        /// match alike share a key.</summary>
        public string Key(object?[] values)
        {
            if (Kind == TargetKind.Suppression)
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
            Kind == TargetKind.Suppression || _matchIndexes.Length < 2 ? key : string.Join(", ", key.Split('\u001F').Select((value, i) => $"{Match[i].Name}={value}"));

        private string KeyPart(int match, object?[] values)
        {
            var value = Convert.ToString(values[_matchIndexes[match]], CultureInfo.InvariantCulture)!;
            return Match[match].Name == SystemColumns.EmailAddress ? AsciiLower(value) : value;
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
            var values = new object?[Fields.Count];
            for (var i = 0; i < Fields.Count; i++)
            {
                var (index, column) = Fields[i];
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

            if (Kind == TargetKind.Suppression)
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

            for (var m = 0; m < Match.Count; m++)
            {
                if (values[_matchIndexes[m]] is null)
                {
                    var message = string.Format(CultureInfo.CurrentCulture, Messages.MissingMatchValue, where, Match[m].Name);
                    problem = new RejectedRow(row.Line, Match[m].Name, ErrorIds.MissingMatchValue, message, CsvText.Join(row.Fields, format.Delimiter, format.Quote));
                    return null;
                }
            }

            return values;
        }
    }
}
