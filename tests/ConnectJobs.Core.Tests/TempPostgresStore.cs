using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>A store for one test, whatever its provider: a folder of its own for the test's files,
/// and the store (see <see cref="TempStore"/>, <see cref="TempPostgresStore"/>).</summary>
public interface ITestStore : IAsyncLifetime
{
    string Folder { get; }

    IConnectStore Store { get; }
}

/// <summary>A PostgreSQL store in a fresh database of a real server, with a temporary folder (which
/// also holds the store's local files), both removed afterwards.</summary>
public sealed class TempPostgresStore(PostgresServer server) : ITestStore
{
    private PostgresStore _store = null!;

    public string Folder { get; } = Directory.CreateTempSubdirectory("cj-pg-").FullName;

    public IConnectStore Store => _store;

    public async Task InitializeAsync() =>
        _store = await PostgresStore.OpenAsync(server.ConnectionString(server.CreateDatabase()), new System.Net.NetworkCredential(PostgresServer.StoreRole, server.StorePassword),
            Path.Combine(Folder, "store"), CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
