using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>A store for one test, whatever its provider: a folder of its own for the test's files,
/// and the store (see <see cref="TempStore"/>, <see cref="TempPostgresStore"/>).</summary>
public interface ITestStore : IAsyncLifetime
{
    string Folder { get; }

    IConnectStore Store { get; }

    /// <summary>Opens the same store again for work (maintained), as another process would; the
    /// caller disposes it when it is disposable.</summary>
    Task<IConnectStore> OpenAgainAsync();

    /// <summary>Runs SQL past the store, on its control half or its data half (one database on
    /// PostgreSQL), and returns the first value of the first row.</summary>
    Task<object?> SqlAsync(string sql, bool data = false);
}

/// <summary>A PostgreSQL store in a fresh database of a real server, with a temporary folder (which
/// also holds the store's local files), both removed afterwards.</summary>
public sealed class TempPostgresStore(PostgresServer server) : ITestStore
{
    private PostgresStore _store = null!;

    public string Folder { get; } = Directory.CreateTempSubdirectory("cj-pg-").FullName;

    public IConnectStore Store => _store;

    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = server.CreateDatabase();
        _store = (PostgresStore)await OpenAgainAsync();
    }

    public async Task<IConnectStore> OpenAgainAsync()
    {
        var store = await server.OpenStoreAsync(_database);
        await store.MaintainAsync(CancellationToken.None);
        return store;
    }

    public Task<object?> SqlAsync(string sql, bool data = false) => Task.FromResult(server.Query(_database, sql));

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}

public static class PostgresServerStores
{
    /// <summary>Opens the store in <paramref name="database"/> as the store role, its local files in
    /// the server's folder (never the user's data folder).</summary>
    public static Task<PostgresStore> OpenStoreAsync(this PostgresServer server, string database, string? connectionString = null) =>
        PostgresStore.OpenAsync(connectionString ?? server.ConnectionString(database), new System.Net.NetworkCredential(PostgresServer.StoreRole, server.StorePassword),
            Path.Combine(server.Folder, "local", database), CancellationToken.None);
}
