using System.Globalization;
using ConnectJobs.Data;
using ConnectJobs.Filters;

namespace ConnectJobs.Store;

/// <summary>Turns a filter tree into a SQL condition over a list (alias <c>t</c>) and, for columns
/// that live there, its extension tables (joined on RIID_). Values are always parameters.
/// PowerShell's semantics are kept where SQL's differ: a null value is not equal to anything and is
/// less than everything, '-ne' and '-notin' hold for it, and '-like' sees it as empty text. Negation
/// is pushed down to the comparisons (De Morgan) so that SQL's three-valued logic never shows.</summary>
internal sealed class FilterSql
{
    private readonly ProfileList _list;
    private readonly IReadOnlyList<DataTable> _extensions;
    private readonly DateTime _now;
    private readonly SqlDialect _dialect;
    private readonly List<DataTable> _joined = [];

    private FilterSql(ProfileList list, IReadOnlyList<DataTable> extensions, DateTime now, SqlDialect dialect)
    {
        _list = list;
        _extensions = extensions;
        _now = now;
        _dialect = dialect;
    }

    public List<object?> Parameters { get; } = [];

    /// <summary>LEFT JOINs for the extension tables the condition uses.</summary>
    public string Joins => string.Concat(_joined.Select((table, i) =>
        string.Create(CultureInfo.InvariantCulture, $" LEFT JOIN {SqlStore.PhysicalName(table.Id)} AS e{i} ON e{i}.\"{SystemColumns.Riid}\" = t.\"{SystemColumns.Riid}\"")));

    public string Condition { get; private set; } = "TRUE";

    /// <summary>Builds the condition, or throws a ConnectException naming a column the list does not
    /// have or a value that does not fit its column.</summary>
    public static FilterSql Build(ProfileList list, IReadOnlyList<DataTable> extensions, FilterNode node, DateTime now, SqlDialect dialect)
    {
        var sql = new FilterSql(list, extensions, now, dialect);
        sql.Condition = sql.Term(node, negate: false);
        return sql;
    }

    private string Term(FilterNode node, bool negate) => node switch
    {
        AllOf all => Group(all.Terms, negate ? " OR " : " AND ", negate),
        AnyOf any => Group(any.Terms, negate ? " AND " : " OR ", negate),
        Negation not => Term(not.Term, !negate),
        NullTest test => $"{Column(test.Column).Sql} IS {(test.Negated ^ negate ? "NOT " : "")}NULL",
        Membership member => Member(member, negate),
        Comparison compare => Compare(compare, negate),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private string Group(IReadOnlyList<FilterNode> terms, string joiner, bool negate) =>
        "(" + string.Join(joiner, terms.Select(t => Term(t, negate))) + ")";

    private string Member(Membership member, bool negate)
    {
        var (sql, column) = Column(member.Column);
        var collate = Collate(column, member.CaseSensitive);
        var values = string.Join(", ", member.Values.Select(v => Parameter(column, v)));
        return member.Negated ^ negate
            ? $"({sql} IS NULL OR {sql}{collate} NOT IN ({values}))"
            : $"{sql}{collate} IN ({values})";
    }

    private string Compare(Comparison compare, bool negate)
    {
        var (sql, column) = Column(compare.Column);
        if (compare.Operator is ComparisonOperator.Like or ComparisonOperator.NotLike)
        {
            var match = _dialect.Match($"coalesce({sql}, '')", Add(_dialect.Pattern(compare.Value.Text)), compare.CaseSensitive);
            return (compare.Operator == ComparisonOperator.NotLike) ^ negate ? $"NOT ({match})" : match;
        }

        var op = negate ? Opposite(compare.Operator) : compare.Operator;
        if (compare.Value is { Kind: FilterValueKind.Text, Text.Length: 0 } && op is ComparisonOperator.Eq or ComparisonOperator.Ne)
        {
            // Empty text is stored as null: '-eq ""' asks for records without a value.
            return $"{sql} IS {(op == ComparisonOperator.Ne ? "NOT " : "")}NULL";
        }

        var value = Parameter(column, compare.Value);
        var collate = Collate(column, compare.CaseSensitive);
        return op switch
        {
            ComparisonOperator.Eq => $"{sql}{collate} = {value}",
            ComparisonOperator.Ne => $"({sql} IS NULL OR {sql}{collate} <> {value})",
            ComparisonOperator.Gt => $"{sql}{collate} > {value}",
            ComparisonOperator.Ge => $"{sql}{collate} >= {value}",
            ComparisonOperator.Lt => $"({sql} IS NULL OR {sql}{collate} < {value})",
            _ => $"({sql} IS NULL OR {sql}{collate} <= {value})",
        };
    }

    private static ComparisonOperator Opposite(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Eq => ComparisonOperator.Ne,
        ComparisonOperator.Ne => ComparisonOperator.Eq,
        ComparisonOperator.Gt => ComparisonOperator.Le,
        ComparisonOperator.Ge => ComparisonOperator.Lt,
        ComparisonOperator.Lt => ComparisonOperator.Ge,
        _ => ComparisonOperator.Gt,
    };

    private string Collate(ColumnDefinition column, bool caseSensitive) =>
        column.Type == ColumnType.Text && !caseSensitive ? _dialect.NoCase : "";

    private (string Sql, ColumnDefinition Column) Column(string name)
    {
        if (_list.Columns.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } own)
        {
            return ($"t.\"{own.Name}\"", own);
        }

        var found = _extensions
            .SelectMany(table => table.Columns.Where(c => !c.IsSystem && c.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(c => (table, c)))
            .ToList();
        if (found.Count == 0)
        {
            throw ConnectException.Create(ErrorIds.FilterColumnNotFound, ErrorKind.InvalidArgument, name, Messages.FilterColumnNotFound, name, _list.Name);
        }

        if (found.Count > 1)
        {
            throw ConnectException.Create(ErrorIds.FilterColumnAmbiguous, ErrorKind.InvalidArgument, name, Messages.FilterColumnAmbiguous, name, string.Join(", ", found.Select(f => f.table.Name)));
        }

        var (table, column) = found[0];
        var index = _joined.IndexOf(table);
        if (index < 0)
        {
            _joined.Add(table);
            index = _joined.Count - 1;
        }

        return (string.Create(CultureInfo.InvariantCulture, $"e{index}.\"{column.Name}\""), column);
    }

    private string Parameter(ColumnDefinition column, FilterValue value)
    {
        var stored = value.Kind switch
        {
            FilterValueKind.DaysFromToday => ValueConverter.FormatTimestamp(_now.ToLocalTime().Date.AddDays(Days(value)).ToUniversalTime()),
            FilterValueKind.DaysFromNow => ValueConverter.FormatTimestamp(_now.AddDays(Days(value))),
            _ => (object)value.Text,
        };
        var numeric = column.Type is ColumnType.Number or ColumnType.Decimal;
        var literal = value.Kind is FilterValueKind.Text or FilterValueKind.Number;
        if ((numeric && !literal)
            || ((numeric || column.Type == ColumnType.Timestamp) && literal && (!ValueConverter.TryToStorage(column.Type, value.Text, out stored) || stored is null)))
        {
            throw ConnectException.Create(ErrorIds.FilterValueType, ErrorKind.InvalidArgument, value.Text, Messages.FilterValueType, value, column.Name, column.Type);
        }

        return Add(stored);
    }

    private static double Days(FilterValue value) => double.Parse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private string Add(object? value)
    {
        Parameters.Add(value);
        return _dialect.Placeholder(Parameters.Count);
    }
}
