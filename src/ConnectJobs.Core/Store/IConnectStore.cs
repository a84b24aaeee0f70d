using ConnectJobs.Data;

namespace ConnectJobs.Store;

/// <summary>What the cmdlets and the runner need from a store. SQLite implements it now; a shared
/// PostgreSQL store for several runner hosts will implement the same interface.</summary>
public interface IConnectStore
{
    /// <summary>Where the store lives (a folder for SQLite).</summary>
    string Location { get; }

    int SchemaVersion { get; }

    /// <summary>Things the user should know about the store, such as a network share.</summary>
    IReadOnlyList<string> Warnings { get; }

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

    /// <summary>Merges a CSV file into a profile list by the request's rules, atomically.</summary>
    Task<Import.ImportResult> ImportAsync(ProfileList list, Import.ImportRequest request, IProgress<WorkProgress>? progress, CancellationToken cancellationToken);

    Task<IReadOnlyList<Jobs.ConnectJob>> GetJobsAsync(CancellationToken cancellationToken);

    Task<Jobs.ConnectJob?> FindJobAsync(string name, CancellationToken cancellationToken);

    Task<Jobs.ConnectJob?> FindJobAsync(long id, CancellationToken cancellationToken);

    Task<Jobs.ConnectJob> CreateJobAsync(string name, bool enabled, string? description, Jobs.ImportJobSettings settings, CancellationToken cancellationToken);

    /// <summary>Changes a job; null leaves a value as it is.</summary>
    Task<Jobs.ConnectJob> UpdateJobAsync(Jobs.ConnectJob job, string? newName, bool? enabled, string? description, Jobs.ImportJobSettings? settings, CancellationToken cancellationToken);

    Task<Jobs.ConnectJob> CopyJobAsync(Jobs.ConnectJob job, string newName, CancellationToken cancellationToken);

    Task RemoveJobAsync(Jobs.ConnectJob job, CancellationToken cancellationToken);

    /// <summary>Records a run's start and takes the job's run lock, across processes (and hosts).</summary>
    Task<Jobs.JobRun> StartRunAsync(Jobs.ConnectJob job, CancellationToken cancellationToken);

    /// <summary>Records how a run ended, which releases the job's run lock.</summary>
    Task<Jobs.JobRun> FinishRunAsync(Jobs.JobRun run, CancellationToken cancellationToken);

    Task AppendLogAsync(Jobs.JobRun run, Jobs.LogLevel level, string message, CancellationToken cancellationToken);

    Task<IReadOnlyList<Jobs.JobRun>> GetRunsAsync(long? jobId, Jobs.RunStatus? status, DateTime? since, CancellationToken cancellationToken);

    Task<IReadOnlyList<Jobs.RunLogEntry>> GetRunLogAsync(long jobId, long runId, CancellationToken cancellationToken);

    IAsyncEnumerable<DataRecord> ReadRecordsAsync(DataTarget target, long skip, long? first, CancellationToken cancellationToken);
}

/// <summary>What New-ConnectTable asks for.</summary>
public sealed record TableDefinition(
    string Name,
    TargetKind Kind,
    string? List,
    string? Description,
    IReadOnlyList<ColumnDefinition> Columns,
    IReadOnlyList<string> PrimaryKey);
