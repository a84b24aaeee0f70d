namespace ConnectJobs.Store;

/// <summary>Reads for exports, in one snapshot with the write clock.</summary>
public interface IExportStore
{
    /// <summary>Reads a list, filter or table into an export sink, in one snapshot.</summary>
    Task<Export.ExportedRows> ExportAsync(Export.ExportSource source, Export.IExportSink sink, IProgress<WorkProgress>? progress, CancellationToken cancellationToken);
}
