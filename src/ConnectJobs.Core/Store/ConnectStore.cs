using System.Net;

namespace ConnectJobs.Store;

/// <summary>Opens the store a location names, by its provider: a folder is a SQLite store, a
/// connection string or <c>postgresql://</c> URI a PostgreSQL one (<see cref="PostgresLocation"/>).
/// Callers see only <see cref="IConnectStore"/>, and dispose it when it is <see cref="IAsyncDisposable"/>
/// (a PostgreSQL store's connection pool). A PostgreSQL store keeps its files (uploads, downloads,
/// archives, rejects) in <c>localFolder</c> on each host, by default under the per-user data folder.</summary>
public static class ConnectStore
{
    /// <summary>Opens the store for work (running jobs, importing, exporting): made if missing,
    /// migrated, and maintained (dead runs failed, expired tables removed).</summary>
    public static async Task<IConnectStore> OpenForWorkAsync(string location, NetworkCredential? credential, string? localFolder, CancellationToken cancellationToken)
    {
        if (!PostgresLocation.IsPostgres(location))
        {
            return await SqliteStore.OpenAsync(location, cancellationToken).ConfigureAwait(false);
        }

        var store = await PostgresStore.OpenAsync(location, credential, localFolder, cancellationToken).ConfigureAwait(false);
        try
        {
            await store.MaintainAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens the store to read it or change definitions: made if missing and migrated, not
    /// maintained. Reads still show a dead run as failed and hide an expired table.</summary>
    public static async Task<IConnectStore> OpenAsync(string location, NetworkCredential? credential, string? localFolder, CancellationToken cancellationToken) =>
        PostgresLocation.IsPostgres(location)
            ? await PostgresStore.OpenAsync(location, credential, localFolder, cancellationToken).ConfigureAwait(false)
            : await SqliteStore.OpenUnmaintainedAsync(location, cancellationToken).ConfigureAwait(false);

    /// <summary>Opens an existing, current store to read from, changing nothing (tab completion).</summary>
    public static async Task<IConnectStore> OpenForReadingAsync(string location, NetworkCredential? credential, CancellationToken cancellationToken) =>
        PostgresLocation.IsPostgres(location)
            ? await PostgresStore.OpenForReadingAsync(location, credential, cancellationToken).ConfigureAwait(false)
            : await SqliteStore.OpenForReadingAsync(location, cancellationToken).ConfigureAwait(false);

    /// <summary>Copies everything <paramref name="source"/> keeps into <paramref name="destination"/>,
    /// which must be empty (Copy-ConnectStore): see SqlStore.Copy.cs.</summary>
    public static Task<StoreCopyResult> CopyAsync(IConnectStore source, IConnectStore destination, IProgress<WorkProgress>? progress, CancellationToken cancellationToken) =>
        ((SqlStore)source).CopyToAsync((SqlStore)destination, progress, cancellationToken);
}
