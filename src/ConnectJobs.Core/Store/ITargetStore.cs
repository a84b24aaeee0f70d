using ConnectJobs.Data;

namespace ConnectJobs.Store;

/// <summary>Lists and tables (data targets) and their records.</summary>
public interface ITargetStore
{
    Task<IReadOnlyList<DataTarget>> GetTargetsAsync(CancellationToken cancellationToken);

    /// <summary>The list or table of that name (any case), or null.</summary>
    Task<DataTarget?> FindTargetAsync(string name, CancellationToken cancellationToken);

    Task<ProfileList> CreateListAsync(string name, string? description, IEnumerable<ColumnDefinition>? columns, CancellationToken cancellationToken);

    Task<DataTable> CreateTableAsync(TableDefinition definition, CancellationToken cancellationToken);

    /// <summary>Renames a list or table, or changes its description (null leaves a value as it is).</summary>
    Task<DataTarget> UpdateTargetAsync(DataTarget target, string? newName, string? description, CancellationToken cancellationToken);

    /// <summary>Removes a list (with its extension tables) or a table, with all its records.</summary>
    Task RemoveTargetAsync(DataTarget target, CancellationToken cancellationToken);

    Task<DataTarget> AddColumnsAsync(DataTarget target, IEnumerable<ColumnDefinition> columns, CancellationToken cancellationToken);

    /// <summary>Inserts records in one transaction: one bad record and none are written.</summary>
    Task<int> InsertRecordsAsync(DataTarget target, IReadOnlyCollection<IReadOnlyDictionary<string, object?>> records, IProgress<WorkProgress>? progress, CancellationToken cancellationToken);

    /// <summary>The records of a list or table in the order they were added; for a list, optionally
    /// only those a filter selects.</summary>
    IAsyncEnumerable<DataRecord> ReadRecordsAsync(DataTarget target, Filters.FilterNode? filter, long skip, long? first, CancellationToken cancellationToken);
}

/// <summary>What New-ConnectTable asks for.</summary>
public sealed record TableDefinition(
    string Name,
    TargetKind Kind,
    string? List,
    string? Description,
    IReadOnlyList<ColumnDefinition> Columns,
    IReadOnlyList<string> PrimaryKey,
    int? ExpiresInDays = null);
