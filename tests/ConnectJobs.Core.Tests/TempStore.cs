using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>A store in a fresh temporary folder, deleted afterwards.</summary>
public sealed class TempStore : ITestStore
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "cj-core-" + Guid.NewGuid().ToString("N"));

    public SqliteStore Store { get; private set; } = null!;

    IConnectStore ITestStore.Store => Store;

    public async Task InitializeAsync() => Store = await SqliteStore.OpenAsync(Folder, CancellationToken.None);

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}
