using System.Text.Json.Serialization;

namespace ConnectJobs.Filters;

/// <summary>A list filter as a tree the store turns into parameterised SQL. The cmdlets build it from
/// a PowerShell scriptblock's syntax tree; the store keeps it as JSON so that the engine (and a runner
/// host) never needs PowerShell to apply it.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "node")]
[JsonDerivedType(typeof(AllOf), "and")]
[JsonDerivedType(typeof(AnyOf), "or")]
[JsonDerivedType(typeof(Negation), "not")]
[JsonDerivedType(typeof(Comparison), "compare")]
[JsonDerivedType(typeof(Membership), "in")]
[JsonDerivedType(typeof(NullTest), "null")]
[JsonDerivedType(typeof(LatestLoad), "latestLoad")]
public abstract record FilterNode;

public sealed record AllOf(IReadOnlyList<FilterNode> Terms) : FilterNode;

public sealed record AnyOf(IReadOnlyList<FilterNode> Terms) : FilterNode;

public sealed record Negation(FilterNode Term) : FilterNode;

/// <summary>The comparison operators, as PowerShell names them (without the dash).</summary>
public enum ComparisonOperator
{
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Like,
    NotLike,
}

/// <summary>A column compared with a value, case-insensitively for text unless <see cref="CaseSensitive"/>
/// (PowerShell's -ceq family).</summary>
public sealed record Comparison(string Column, ComparisonOperator Operator, FilterValue Value, bool CaseSensitive = false) : FilterNode;

/// <summary>-in / -notin a list of values.</summary>
public sealed record Membership(string Column, IReadOnlyList<FilterValue> Values, bool Negated = false, bool CaseSensitive = false) : FilterNode;

/// <summary>$_.COLUMN -eq $null (or -ne $null when <see cref="Negated"/>).</summary>
public sealed record NullTest(string Column, bool Negated = false) : FilterNode;

/// <summary>The records the latest successful run of an import job inserted or updated (Responsys'
/// "filter against the latest load"): those whose MODIFIED_DATE_ is one of that run's merge stamps.
/// The store looks the run up each time the filter is used.</summary>
public sealed record LatestLoad(string Job) : FilterNode;

/// <summary>What a value is.</summary>
public enum FilterValueKind
{
    Text,
    Number,

    /// <summary>A fixed point in time, UTC, in the store's timestamp text.</summary>
    Timestamp,

    /// <summary>Midnight (local time) today plus <see cref="FilterValue.Text"/> days, worked out when the filter runs.</summary>
    DaysFromToday,

    /// <summary>Now plus <see cref="FilterValue.Text"/> days, worked out when the filter runs.</summary>
    DaysFromNow,
}

/// <summary>A constant in a filter. Numbers and day offsets are kept as invariant text so that the JSON
/// form is exact.</summary>
public sealed record FilterValue(FilterValueKind Kind, string Text)
{
    /// <summary>A fixed point in time (a local time is converted to UTC).</summary>
    public static FilterValue At(DateTime time) => new(FilterValueKind.Timestamp, Data.ValueConverter.FormatTimestamp(time));

    public override string ToString() => Kind switch
    {
        FilterValueKind.Text => $"'{Text.Replace("'", "''", StringComparison.Ordinal)}'",
        FilterValueKind.DaysFromToday => $"today {Text} days",
        FilterValueKind.DaysFromNow => $"now {Text} days",
        _ => Text,
    };
}
