using ConnectJobs.Data;

namespace ConnectJobs.Store;

/// <summary>Files merged into lists and tables: staging, checking and the merge.</summary>
public interface IImportStore
{
    /// <summary>Merges a CSV file into a profile list or table by the request's rules, atomically.</summary>
    Task<Import.ImportResult> ImportAsync(DataTarget target, Import.ImportRequest request, IProgress<WorkProgress>? progress, CancellationToken cancellationToken);
}
