using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>A test class run against each provider: its derived classes say how to open the store
/// (a SQLite fixture's, or a fresh PostgreSQL database's); a temporary folder for the test's files.</summary>
public abstract class ProviderTest(string folderPrefix) : IAsyncLifetime
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory(folderPrefix).FullName;

    protected IConnectStore Store { get; private set; } = null!;

    protected abstract Task<IConnectStore> OpenStoreAsync();

    public async Task InitializeAsync() => Store = await OpenStoreAsync();

    public virtual async Task DisposeAsync()
    {
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        Directory.Delete(Folder, recursive: true);
    }
}
