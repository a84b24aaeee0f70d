namespace ConnectJobs.Filters;

/// <summary>A saved filter on a profile list: the scriptblock as the user wrote it and the tree the
/// store runs.</summary>
public sealed class ListFilter
{
    internal ListFilter(long id, string name, string list, string? description, string script, FilterNode expression, DateTime created, DateTime modified)
    {
        Id = id;
        Name = name;
        List = list;
        Description = description;
        Script = script;
        Expression = expression;
        Created = created;
        Modified = modified;
    }

    public long Id { get; }

    public string Name { get; }

    /// <summary>The profile list it selects records of.</summary>
    public string List { get; }

    public string? Description { get; }

    /// <summary>The filter as written, e.g. <c>$_.COUNTRY_ -eq 'NL'</c>.</summary>
    public string Script { get; }

    public FilterNode Expression { get; }

    public DateTime Created { get; }

    public DateTime Modified { get; }

    public override string ToString() => Name;
}
