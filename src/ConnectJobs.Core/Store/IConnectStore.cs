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

    /// <summary>Merges a CSV file into a profile list or table by the request's rules, atomically.</summary>
    Task<Import.ImportResult> ImportAsync(DataTarget target, Import.ImportRequest request, IProgress<WorkProgress>? progress, CancellationToken cancellationToken);

    Task<IReadOnlyList<Jobs.ConnectJob>> GetJobsAsync(CancellationToken cancellationToken);

    Task<Jobs.ConnectJob?> FindJobAsync(string name, CancellationToken cancellationToken);

    Task<Jobs.ConnectJob?> FindJobAsync(long id, CancellationToken cancellationToken);

    Task<Jobs.ConnectJob> CreateJobAsync(string name, bool enabled, string? description, Jobs.JobSettings settings, CancellationToken cancellationToken);

    /// <summary>Changes a job; null leaves a value as it is.</summary>
    Task<Jobs.ConnectJob> UpdateJobAsync(Jobs.ConnectJob job, string? newName, bool? enabled, string? description, Jobs.JobSettings? settings, CancellationToken cancellationToken);

    Task<Jobs.ConnectJob> CopyJobAsync(Jobs.ConnectJob job, string newName, CancellationToken cancellationToken);

    Task RemoveJobAsync(Jobs.ConnectJob job, CancellationToken cancellationToken);

    /// <summary>Records a run's start and takes the job's run lock, across processes (and hosts).</summary>
    Task<Jobs.JobRun> StartRunAsync(Jobs.ConnectJob job, CancellationToken cancellationToken);

    /// <summary>Records how a run ended, which releases the job's run lock.</summary>
    Task<Jobs.JobRun> FinishRunAsync(Jobs.JobRun run, CancellationToken cancellationToken);

    Task AppendLogAsync(Jobs.JobRun run, Jobs.LogLevel level, string message, CancellationToken cancellationToken);

    Task<IReadOnlyList<Jobs.JobRun>> GetRunsAsync(long? jobId, Jobs.RunStatus? status, DateTime? since, CancellationToken cancellationToken);

    /// <summary>Where the job's last successful incremental export got to, or null.</summary>
    Task<string?> GetWatermarkAsync(long jobId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Jobs.RunLogEntry>> GetRunLogAsync(long jobId, long runId, CancellationToken cancellationToken);

    /// <summary>The records of a list or table in the order they were added; for a list, optionally
    /// only those a filter selects.</summary>
    IAsyncEnumerable<DataRecord> ReadRecordsAsync(DataTarget target, Filters.FilterNode? filter, long skip, long? first, CancellationToken cancellationToken);

    /// <summary>Reads a list, filter or table into an export sink, in one snapshot.</summary>
    Task<Export.ExportedRows> ExportAsync(Export.ExportSource source, Export.IExportSink sink, IProgress<WorkProgress>? progress, CancellationToken cancellationToken);

    /// <summary>The contact events the store recorded (opt-ins and opt-outs), oldest first; of one
    /// list, and after a time, when given.</summary>
    Task<IReadOnlyList<ContactEvent>> GetEventsAsync(string? list, DateTime? after, CancellationToken cancellationToken);

    Task<IReadOnlyList<Connections.Connection>> GetConnectionsAsync(CancellationToken cancellationToken);

    /// <summary>The connection of that name (any case), or null.</summary>
    Task<Connections.Connection?> FindConnectionAsync(string name, CancellationToken cancellationToken);

    /// <summary>Saves a connection; its secret (password or key passphrase) is stored encrypted.</summary>
    Task<Connections.Connection> CreateConnectionAsync(Connections.Connection connection, string? secret, CancellationToken cancellationToken);

    /// <summary>Replaces a connection's settings; a null secret keeps the stored one.</summary>
    Task<Connections.Connection> UpdateConnectionAsync(Connections.Connection connection, string? secret, CancellationToken cancellationToken);

    Task RemoveConnectionAsync(Connections.Connection connection, CancellationToken cancellationToken);

    /// <summary>The connection's secret, decrypted, for the moment it is used.</summary>
    Task SetJobSecretAsync(Jobs.ConnectJob job, string? secret, CancellationToken cancellationToken);

    Task<string?> GetJobSecretAsync(Jobs.ConnectJob job, CancellationToken cancellationToken);

    Task<string?> GetConnectionSecretAsync(Connections.Connection connection, CancellationToken cancellationToken);

    /// <summary>Records a file a job took in or delivered, in the ledger.</summary>
    Task RecordTransferAsync(Locations.FileTransfer transfer, CancellationToken cancellationToken);

    /// <summary>The earlier transfer of the same file (place, size, time and SHA-256), or null.</summary>
    Task<Locations.FileTransfer?> FindTransferAsync(Locations.FileTransfer transfer, CancellationToken cancellationToken);

    /// <summary>The ledger, newest first.</summary>
    Task<IReadOnlyList<Locations.FileTransfer>> GetTransfersAsync(long? jobId, DateTime? after, CancellationToken cancellationToken);

    Task<IReadOnlyList<Filters.ListFilter>> GetFiltersAsync(CancellationToken cancellationToken);

    /// <summary>The filter of that name (any case), or null.</summary>
    Task<Filters.ListFilter?> FindFilterAsync(string name, CancellationToken cancellationToken);

    /// <summary>Saves a filter on a list; a filter naming a column the list (and its extension tables)
    /// does not have, or a value that does not fit its column, is refused.</summary>
    Task<Filters.ListFilter> CreateFilterAsync(string name, ProfileList list, string? description, string script, Filters.FilterNode expression, CancellationToken cancellationToken);

    /// <summary>Changes a filter; null leaves a value as it is.</summary>
    Task<Filters.ListFilter> UpdateFilterAsync(Filters.ListFilter filter, string? newName, string? description, string? script, Filters.FilterNode? expression, CancellationToken cancellationToken);

    Task RemoveFilterAsync(Filters.ListFilter filter, CancellationToken cancellationToken);
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
