using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>A store in a fresh temporary folder, deleted afterwards.</summary>
public sealed class TempStore : ITestStore
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "cj-core-" + Guid.NewGuid().ToString("N"));

    public SqliteStore Store { get; private set; } = null!;

    IConnectStore ITestStore.Store => Store;

    public async Task InitializeAsync() => Store = await SqliteStore.OpenAsync(Folder, CancellationToken.None);

    public async Task<IConnectStore> OpenAgainAsync() => await SqliteStore.OpenAsync(Folder, CancellationToken.None);

    public async Task<object?> SqlAsync(string sql, bool data = false)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={(data ? Store.DataDatabase : Store.ControlDatabase)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}
