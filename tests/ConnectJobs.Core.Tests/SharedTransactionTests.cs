using ConnectJobs.Jobs;

namespace ConnectJobs.Core.Tests;

/// <summary>IConnectStore.InOneTransactionAsync: the store's own operations, joined into one transaction
/// over both store files.</summary>
/// <remarks>Run against each provider: <see cref="SqliteSharedTransactionTests"/>, <see cref="PostgresSharedTransactionTests"/>.</remarks>
public abstract class SharedTransactionTests(ITestStore temp) : IAsyncLifetime
{
    private readonly ITestStore _temp = temp;

    public Task InitializeAsync() => _temp.InitializeAsync();

    public Task DisposeAsync() => _temp.DisposeAsync();

    [Fact]
    public async Task Work_sees_its_own_writes_and_a_failure_half_way_keeps_nothing_in_either_file()
    {
        var store = _temp.Store;
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InOneTransactionAsync<bool>(
            async () =>
            {
                await store.CreateListAsync("Members", null, [new Data.ColumnDefinition("CITY")], CancellationToken.None);
                await store.CreateJobAsync("Load", true, null, new ImportJobSettings { SourceDirectory = "/in", FilePattern = "*.csv", TargetList = "Members" }, CancellationToken.None);
                Assert.NotNull(await store.FindTargetAsync("Members", CancellationToken.None));
                Assert.Single(await store.GetJobsAsync(CancellationToken.None));
                throw new InvalidOperationException("half-way");
            },
            withData: true,
            CancellationToken.None));
        Assert.Equal("half-way", failure.Message);
        Assert.Null(await store.FindTargetAsync("Members", CancellationToken.None));
        Assert.Empty(await store.GetJobsAsync(CancellationToken.None));

        // Completed, both are kept; and outside the work, the store is used as before.
        await store.InOneTransactionAsync(
            async () => await store.CreateListAsync("Members", null, null, CancellationToken.None),
            withData: true,
            CancellationToken.None);
        Assert.NotNull(await store.FindTargetAsync("Members", CancellationToken.None));
        await store.CreateJobAsync("After", true, null, new ImportJobSettings { SourceDirectory = "/in", FilePattern = "*.csv", TargetList = "Members" }, CancellationToken.None);
        Assert.Single(await store.GetJobsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Another_writer_waits_for_the_work_and_then_sees_all_of_it()
    {
        var store = _temp.Store;
        var other = await _temp.OpenAgainAsync();
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var work = store.InOneTransactionAsync(
            async () =>
            {
                await store.CreateJobAsync("First", true, null, new ImportJobSettings { SourceDirectory = "/in", FilePattern = "a.csv", TargetList = "L" }, CancellationToken.None);
                started.SetResult();
                await release.Task;
                return await store.CreateJobAsync("Second", true, null, new ImportJobSettings { SourceDirectory = "/in", FilePattern = "b.csv", TargetList = "L" }, CancellationToken.None);
            },
            withData: false,
            CancellationToken.None);
        await started.Task;
        // BEGIN IMMEDIATE waits for the lock synchronously (the busy timeout): on a thread of its own.
        var writer = Task.Run(() => other.CreateJobAsync("Third", true, null, new ImportJobSettings { SourceDirectory = "/in", FilePattern = "c.csv", TargetList = "L" }, CancellationToken.None));
        Assert.Empty(await other.GetJobsAsync(CancellationToken.None));
        await Task.Delay(300);
        Assert.False(writer.IsCompleted, writer.Exception?.ToString());
        release.SetResult();
        await work;
        await writer;
        Assert.Equal(["First", "Second", "Third"], (await other.GetJobsAsync(CancellationToken.None)).Select(j => j.Name).Order());
        if (other is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}

public sealed class SqliteSharedTransactionTests() : SharedTransactionTests(new TempStore());

[Trait("Category", TestCategory.Server)]
public sealed class PostgresSharedTransactionTests(PostgresServer server) : SharedTransactionTests(new TempPostgresStore(server)), IClassFixture<PostgresServer>;
