using System.Text.RegularExpressions;

namespace ConnectJobs.Data;

/// <summary>Responsys' naming rules for columns, and ours for lists and tables.</summary>
public static partial class ColumnRules
{
    /// <summary>Checks a user-defined column and returns it normalised: upper-case name, a length
    /// for text columns.</summary>
    public static ColumnDefinition Normalize(ColumnDefinition column)
    {
        var name = column.Name?.Trim() ?? "";
        if (!ColumnNamePattern().IsMatch(name))
        {
            throw ConnectException.Create(ErrorIds.InvalidColumnName, ErrorKind.InvalidArgument, name, Messages.InvalidColumnName, name);
        }

        if (name.EndsWith('_'))
        {
            throw ConnectException.Create(ErrorIds.ReservedColumnName, ErrorKind.InvalidArgument, name, Messages.ReservedColumnName, name);
        }

        name = name.ToUpperInvariant();
        int? length = null;
        if (column.Type == ColumnType.Text)
        {
            length = column.MaxLength ?? ColumnDefinition.DefaultTextLength;
            if (length is < 1 or > ColumnDefinition.MaxTextLength)
            {
                throw ConnectException.Create(ErrorIds.InvalidMaxLength, ErrorKind.InvalidArgument, name, Messages.InvalidMaxLength, name, length);
            }
        }
        else if (column.MaxLength is not null)
        {
            throw ConnectException.Create(ErrorIds.MaxLengthOnNonText, ErrorKind.InvalidArgument, name, Messages.MaxLengthOnNonText, name, column.Type);
        }

        return new ColumnDefinition(name, column.Type, length);
    }

    /// <summary>Normalises a set of new columns and refuses duplicates among them.</summary>
    public static IReadOnlyList<ColumnDefinition> NormalizeAll(IEnumerable<ColumnDefinition>? columns)
    {
        var result = new List<ColumnDefinition>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in columns ?? [])
        {
            var normalized = Normalize(column);
            if (!seen.Add(normalized.Name))
            {
                throw ConnectException.Create(ErrorIds.DuplicateColumn, ErrorKind.InvalidArgument, normalized.Name, Messages.DuplicateColumn, normalized.Name);
            }

            result.Add(normalized);
        }

        return result;
    }

    public static string NormalizeTargetName(string name)
    {
        var trimmed = name?.Trim() ?? "";
        if (!TargetNamePattern().IsMatch(trimmed))
        {
            throw ConnectException.Create(ErrorIds.InvalidTargetName, ErrorKind.InvalidArgument, name, Messages.InvalidTargetName, name);
        }

        return trimmed;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_]{0,29}$")]
    private static partial Regex ColumnNamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")]
    private static partial Regex TargetNamePattern();
}
