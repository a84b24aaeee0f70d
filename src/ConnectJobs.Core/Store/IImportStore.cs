using ConnectJobs.Import;

namespace ConnectJobs.Store;

/// <summary>Files merged into lists and tables: the store's half of an import (staging and merge);
/// <see cref="Importer"/> does the rest.</summary>
public interface IImportStore
{
    /// <summary>Reads the file's rows through the batch's checks into staging, then merges them into
    /// the target in one transaction (rolled back for a preview): the target is changed completely
    /// or not at all. Rows that fail a check go to <paramref name="rejects"/>.</summary>
    Task<MergeCounts> MergeAsync(ImportBatch batch, InboundFile file, RejectSink rejects, IProgress<WorkProgress>? progress, CancellationToken cancellationToken);
}
