namespace ConnectJobs.Store;

/// <summary>Opens the store a location names, by its provider: where a second provider (PostgreSQL,
/// for a connection string) plugs in. Callers see only <see cref="IConnectStore"/>.</summary>
public static class ConnectStore
{
    /// <summary>Opens the store for work: made if missing, migrated, maintained (dead runs failed,
    /// expired tables removed).</summary>
    public static async Task<IConnectStore> OpenAsync(string location, CancellationToken cancellationToken) =>
        await SqliteStore.OpenAsync(location, cancellationToken).ConfigureAwait(false);

    /// <summary>Opens an existing, current store to read from, changing nothing (tab completion).</summary>
    public static async Task<IConnectStore> OpenForReadingAsync(string location, CancellationToken cancellationToken) =>
        await SqliteStore.OpenForReadingAsync(location, cancellationToken).ConfigureAwait(false);
}
