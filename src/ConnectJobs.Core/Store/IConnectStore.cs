namespace ConnectJobs.Store;

/// <summary>What the cmdlets and the runner need from a store, as interfaces by concern (jobs and
/// runs, targets and records, import, export, events, connections, ledger, filters). SQLite
/// implements it now; a shared PostgreSQL store for several runner hosts implements the same seam.</summary>
public interface IConnectStore : IJobStore, IScheduleStore, IGroupStore, ITargetStore, IImportStore, IExportStore, IEventStore, IFeedStore, IConnectionStore, ILedgerStore, IFilterStore
{
    /// <summary>Where the store lives (a folder for SQLite).</summary>
    string Location { get; }

    int SchemaVersion { get; }

    /// <summary>Things the user should know about the store, such as a network share.</summary>
    IReadOnlyList<string> Warnings { get; }

    /// <summary>Where files arrive for import jobs that name no connection and no folder.</summary>
    string UploadFolder { get; }

    /// <summary>Where export jobs that name no connection and no folder deliver.</summary>
    string DownloadFolder { get; }

    /// <summary>Where import jobs that read from <see cref="UploadFolder"/> archive their files.</summary>
    string ArchiveFolder { get; }

    /// <summary>Where an import writes its rejected rows when it names no reject file.</summary>
    string RejectFolder { get; }

    /// <summary>A local folder for an import's working copies (a decrypted or decompressed file).</summary>
    string TemporaryFolder { get; }

    /// <summary>Store maintenance, an explicit step of opening for work (never of completion or of a
    /// read): runs whose process died are recorded failed, expired tables deleted.</summary>
    Task MaintainAsync(CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> with every write it makes through this store in one
    /// transaction: all of it is kept, or none of it (applying a folder of definitions). Without
    /// <paramref name="withData"/> the work may not change lists, tables or filters, and an import
    /// merging into a list meanwhile neither waits for it nor makes it wait. Not for record imports and
    /// exports, which keep their own transactions.</summary>
    Task<T> InOneTransactionAsync<T>(Func<Task<T>> work, bool withData, CancellationToken cancellationToken);

    /// <summary>What Get-ConnectStore shows.</summary>
    StoreInfo Describe(StoreSource source);
}
