namespace ConnectJobs.Data;

/// <summary>What kind of data a list or table holds.</summary>
public enum TargetKind
{
    /// <summary>A profile list: one record per contact, with Responsys' system columns.</summary>
    List,

    /// <summary>A profile extension table: extra columns for a list, one row per RIID_.</summary>
    Extension,

    /// <summary>A supplemental table: any data, keyed by its own primary key.</summary>
    Supplemental,

    /// <summary>A suppression list: email addresses and domains that must not be mailed.</summary>
    Suppression,
}

/// <summary>A list or table in the store: what import jobs merge into and export jobs read.</summary>
public abstract class DataTarget
{
    internal DataTarget(long id, string name, TargetKind kind, string? description, IReadOnlyList<ColumnDefinition> columns,
        long recordCount, DateTime created, DateTime modified)
    {
        Id = id;
        Name = name;
        Kind = kind;
        Description = description;
        Columns = columns;
        RecordCount = recordCount;
        Created = created;
        Modified = modified;
    }

    public long Id { get; }

    public string Name { get; }

    public TargetKind Kind { get; }

    public string? Description { get; }

    public IReadOnlyList<ColumnDefinition> Columns { get; }

    public long RecordCount { get; }

    /// <summary>When the list or table was created (UTC).</summary>
    public DateTime Created { get; }

    /// <summary>When its definition last changed (UTC).</summary>
    public DateTime Modified { get; }

    /// <summary>The key columns in key order: RIID_ for lists and extension tables.</summary>
    public IReadOnlyList<string> PrimaryKey =>
        Columns.Where(c => c.KeyOrdinal is not null).OrderBy(c => c.KeyOrdinal).Select(c => c.Name).ToArray();

    public override string ToString() => Name;
}

/// <summary>A profile list.</summary>
public sealed class ProfileList : DataTarget
{
    internal ProfileList(long id, string name, string? description, IReadOnlyList<ColumnDefinition> columns, long recordCount,
        DateTime created, DateTime modified)
        : base(id, name, TargetKind.List, description, columns, recordCount, created, modified)
    {
    }
}

/// <summary>A supplemental table, profile extension table or suppression list.</summary>
public sealed class DataTable : DataTarget
{
    internal DataTable(long id, string name, TargetKind kind, string? list, string? description, IReadOnlyList<ColumnDefinition> columns,
        long recordCount, DateTime created, DateTime modified, DateTime? expires = null)
        : base(id, name, kind, description, columns, recordCount, created, modified)
    {
        List = list;
        Expires = expires;
    }

    /// <summary>When an expiring extension table is deleted (UTC); null for one that stays.</summary>
    public DateTime? Expires { get; }

    /// <summary>For an extension table, the profile list it extends.</summary>
    public string? List { get; }
}
