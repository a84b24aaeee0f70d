namespace ConnectJobs.Store;

/// <summary>Opens the store a location names, by its provider: where a second provider (PostgreSQL,
/// for a connection string) plugs in. Callers see only <see cref="IConnectStore"/>.</summary>
public static class ConnectStore
{
    /// <summary>Opens the store for work (running jobs, importing, exporting): made if missing,
    /// migrated, and maintained (dead runs failed, expired tables removed).</summary>
    public static async Task<IConnectStore> OpenForWorkAsync(string location, CancellationToken cancellationToken) =>
        await SqliteStore.OpenAsync(location, cancellationToken).ConfigureAwait(false);

    /// <summary>Opens the store to read it or change definitions: made if missing and migrated, not
    /// maintained. Reads still show a dead run as failed and hide an expired table.</summary>
    public static async Task<IConnectStore> OpenAsync(string location, CancellationToken cancellationToken) =>
        await SqliteStore.OpenUnmaintainedAsync(location, cancellationToken).ConfigureAwait(false);

    /// <summary>Opens an existing, current store to read from, changing nothing (tab completion).</summary>
    public static async Task<IConnectStore> OpenForReadingAsync(string location, CancellationToken cancellationToken) =>
        await SqliteStore.OpenForReadingAsync(location, cancellationToken).ConfigureAwait(false);
}
