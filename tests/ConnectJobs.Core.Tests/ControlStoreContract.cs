using ConnectJobs.Connections;
using ConnectJobs.Jobs;
using ConnectJobs.Locations;
using ConnectJobs.Schedules;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>The store contract of the control half (jobs and runs, schedules and claims, groups,
/// stops, connections, the ledger, feed positions), one suite run against each provider: the derived
/// classes only say how to open a fresh store, and the same store again (as another process would).</summary>
public abstract class ControlStoreContract : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _opened = [];

    protected SqlStore Store { get; private set; } = null!;

    /// <summary>Makes a fresh, empty store and opens it.</summary>
    protected abstract Task<SqlStore> CreateAsync();

    /// <summary>Opens the store <see cref="CreateAsync"/> made once more, as another process would.</summary>
    protected abstract Task<SqlStore> OpenAgainAsync();

    /// <summary>Runs SQL on the store's control half, past the store (what another host's runner wrote).</summary>
    protected abstract Task ExecuteAsync(string sql);

    public async Task InitializeAsync() => Store = Track(await CreateAsync());

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Jobs_are_found_by_name_in_any_case_and_a_name_is_taken_once()
    {
        var job = await JobAsync("DailyImport");
        Assert.Equal(job.Id, (await Store.FindJobAsync("DAILYimport", CancellationToken.None))!.Id);
        Assert.Equal("DailyImport", (await Store.FindJobAsync(job.Id, CancellationToken.None))!.Name);
        var taken = await Assert.ThrowsAsync<ConnectException>(() => JobAsync("dailyIMPORT"));
        Assert.Equal(ErrorIds.JobExists, taken.ErrorId);

        var changed = await Store.UpdateJobAsync(job, "NightlyImport", false, "at night", null, CancellationToken.None);
        Assert.Equal(("NightlyImport", false, "at night"), (changed.Name, changed.Enabled, changed.Description));
        Assert.Null(await Store.FindJobAsync("DailyImport", CancellationToken.None));
        Assert.Equal(["NightlyImport"], (await Store.GetJobsAsync(CancellationToken.None)).Select(j => j.Name));
    }

    [Fact]
    public async Task A_run_holds_its_jobs_run_lock_against_every_opener_until_it_ends()
    {
        var job = await JobAsync("Locked");
        var other = Track(await OpenAgainAsync());
        var run = await Store.StartRunAsync(job, CancellationToken.None);
        Assert.True((await other.FindJobAsync(job.Id, CancellationToken.None))!.Running);
        var refused = await Assert.ThrowsAsync<ConnectException>(() => other.StartRunAsync(job, CancellationToken.None));
        Assert.Equal(ErrorIds.JobAlreadyRunning, refused.ErrorId);

        await Store.AppendLogAsync(run, LogLevel.Information, "first", CancellationToken.None);
        await other.AppendLogAsync(run, LogLevel.Warning, "second", CancellationToken.None);
        await Store.FinishRunAsync(run with { Status = RunStatus.Succeeded, Files = ["a.csv"] }, CancellationToken.None);
        var next = await other.StartRunAsync(job, CancellationToken.None);
        Assert.Equal(run.RunId + 1, next.RunId);
        await other.FinishRunAsync(next with { Status = RunStatus.Failed, ErrorId = "X", Error = "it broke" }, CancellationToken.None);

        var runs = await Store.GetRunsAsync(job.Id, null, null, CancellationToken.None);
        Assert.Equal([(next.RunId, RunStatus.Failed), (run.RunId, RunStatus.Succeeded)], runs.Select(r => (r.RunId, r.Status)));
        Assert.Equal(["a.csv"], runs[1].Files);
        Assert.Equal([run.RunId], (await Store.GetRunsAsync(job.Id, RunStatus.Succeeded, null, CancellationToken.None)).Select(r => r.RunId));
        Assert.Equal([("first", LogLevel.Information), ("second", LogLevel.Warning)],
            (await other.GetRunLogAsync(job.Id, run.RunId, CancellationToken.None)).Select(e => (e.Message, e.Level)));
    }

    [Fact]
    public async Task A_run_of_another_host_whose_lease_expired_is_recorded_dead_and_its_runner_told_to_stop()
    {
        var job = await JobAsync("Leased");
        var run = await Store.StartRunAsync(job, CancellationToken.None);
        Assert.True(await Store.RenewRunAsync(run, CancellationToken.None));

        // As a runner on another host left it: renewed a minute ago, within the lease.
        var minuteAgo = Data.ValueConverter.FormatTimestamp(DateTime.UtcNow.AddMinutes(-1));
        await ExecuteAsync($"UPDATE run SET host = 'runner-b', pid = 4242, renewed = '{minuteAgo}' WHERE job_id = {job.Id};");
        var other = Track(await OpenAgainAsync());
        Assert.Equal(ErrorIds.JobAlreadyRunning, (await Assert.ThrowsAsync<ConnectException>(() => other.StartRunAsync(job, CancellationToken.None))).ErrorId);

        // Then not renewed for longer than the lease: seen dead at once, recorded dead by the next start.
        var stale = Data.ValueConverter.FormatTimestamp(DateTime.UtcNow - SqlStore.RunLease - TimeSpan.FromSeconds(5));
        await ExecuteAsync($"UPDATE run SET renewed = '{stale}' WHERE job_id = {job.Id};");
        var seen = Assert.Single(await other.GetRunsAsync(job.Id, null, null, CancellationToken.None));
        Assert.Equal((RunStatus.Failed, ErrorIds.RunLeaseExpired), (seen.Status, seen.ErrorId));
        Assert.Contains("runner-b", seen.Error, StringComparison.Ordinal);
        Assert.True(await other.HasTickWorkAsync(DateTime.UtcNow, CancellationToken.None));
        var next = await other.StartRunAsync(job, CancellationToken.None);
        Assert.Equal(run.RunId + 1, next.RunId);
        Assert.False(await Store.RenewRunAsync(run, CancellationToken.None));
        Assert.True(await Store.RenewRunAsync(next, CancellationToken.None));
    }

    [Fact]
    public async Task A_stop_is_asked_of_a_running_run_only()
    {
        var job = await JobAsync("Stoppable");
        Assert.False(await Store.RequestStopAsync(job, CancellationToken.None));
        var run = await Store.StartRunAsync(job, CancellationToken.None);
        Assert.False(await Store.IsStopRequestedAsync(run, CancellationToken.None));
        var other = Track(await OpenAgainAsync());
        Assert.True(await other.RequestStopAsync(job, CancellationToken.None));
        Assert.True(await Store.IsStopRequestedAsync(run, CancellationToken.None));
    }

    [Fact]
    public async Task Ticks_claiming_together_claim_each_due_slot_exactly_once()
    {
        var everyMinute = new JobSchedule { Kind = ScheduleKind.Cron, Cron = "* * * * *", TimeZone = "UTC" };
        for (var i = 0; i < 100; i++)
        {
            await Store.SetScheduleAsync(await JobAsync($"Job{i}"), everyMinute, CancellationToken.None);
        }

        await Store.SetScheduleAsync(await JobAsync("Off", enabled: false), everyMinute, CancellationToken.None);
        await JobAsync("Manual");

        // Two minutes on: every scheduled job's next run has come (one slot or two, by when the minute
        // turned), and none is late enough to be skipped.
        var now = DateTime.UtcNow.AddMinutes(2);
        Assert.True(await Store.HasTickWorkAsync(now, CancellationToken.None));
        Assert.Equal(100, (await Store.GetDueJobsAsync(now, CancellationToken.None)).Count);
        var ticks = new List<SqlStore>();
        for (var i = 0; i < 4; i++)
        {
            ticks.Add(Track(await OpenAgainAsync()));
        }

        var claims = await Task.WhenAll(ticks.Select(s => Task.Run(() => s.ClaimDueJobsAsync(now, CancellationToken.None))));

        var claimed = claims.SelectMany(c => c).Select(c => c.Job.Name).ToList();
        Assert.Equal(100, claimed.Count);
        Assert.Equal(100, claimed.Distinct().Count());
        Assert.All(claims.SelectMany(c => c), c => Assert.False(c.Skip));
        Assert.Empty(await Store.GetDueJobsAsync(now, CancellationToken.None));
        Assert.Empty(await Store.ClaimDueJobsAsync(now, CancellationToken.None));
        Assert.All((await Store.GetJobsAsync(CancellationToken.None)).Where(j => j.Name.StartsWith("Job", StringComparison.Ordinal)), j => Assert.True(j.NextRun > now));
    }

    [Fact]
    public async Task A_late_file_check_is_claimed_once_a_day_whoever_asks()
    {
        var daily = new JobSchedule { Kind = ScheduleKind.Cron, Cron = "0 6 * * *", TimeZone = "UTC", ExpectedBy = new TimeOnly(0, 0) };
        await Store.SetScheduleAsync(await JobAsync("Expecting"), daily, CancellationToken.None);
        var tomorrow = DateTime.UtcNow.Date.AddDays(1).AddMinutes(30);
        Assert.True(await Store.HasTickWorkAsync(tomorrow, CancellationToken.None));
        var other = Track(await OpenAgainAsync());
        var checks = await Task.WhenAll(Store.ClaimLateChecksAsync(tomorrow, CancellationToken.None), other.ClaimLateChecksAsync(tomorrow, CancellationToken.None));
        Assert.Equal(["Expecting"], checks.SelectMany(c => c).Select(c => c.Job.Name));
        Assert.Empty(await Store.ClaimLateChecksAsync(tomorrow.AddHours(1), CancellationToken.None));
        Assert.Single(await other.ClaimLateChecksAsync(tomorrow.AddDays(1), CancellationToken.None));
    }

    [Fact]
    public async Task A_group_keeps_its_members_in_order_and_runs_once_at_a_time()
    {
        foreach (var name in new[] { "First", "Second", "Third" })
        {
            await JobAsync(name);
        }

        var group = await Store.CreateGroupAsync("Nightly", ["Second", "First"], true, null, CancellationToken.None);
        Assert.Equal(["Second", "First"], group.Jobs);
        Assert.Equal("Nightly", (await Store.FindJobAsync("first", CancellationToken.None))!.Group);
        group = await Store.UpdateGroupAsync(group, null, ["Third", "First", "Second"], "all three", CancellationToken.None);
        Assert.Equal(["Third", "First", "Second"], (await Track(await OpenAgainAsync()).FindGroupAsync("NIGHTLY", CancellationToken.None))!.Jobs);

        var run = await Store.StartGroupRunAsync(group, CancellationToken.None);
        var other = Track(await OpenAgainAsync());
        var refused = await Assert.ThrowsAsync<ConnectException>(() => other.StartGroupRunAsync(group, CancellationToken.None));
        Assert.Equal(ErrorIds.GroupAlreadyRunning, refused.ErrorId);
        Assert.True(await Store.RenewGroupRunAsync(run, CancellationToken.None));

        // As a runner on another host left it, then stopped renewing: the group is free again.
        var stale = Data.ValueConverter.FormatTimestamp(DateTime.UtcNow - SqlStore.RunLease - TimeSpan.FromSeconds(5));
        await ExecuteAsync($"UPDATE group_run SET host = 'runner-b', pid = 4242, renewed = '{stale}' WHERE group_id = {group.Id};");
        var taken = await other.StartGroupRunAsync(group, CancellationToken.None);
        Assert.Equal(run.RunId + 1, taken.RunId);
        Assert.False(await Store.RenewGroupRunAsync(run, CancellationToken.None));
        run = taken;
        await Store.FinishGroupRunAsync(run with { Status = RunStatus.Succeeded }, CancellationToken.None);
        Assert.False((await Store.FindGroupAsync("Nightly", CancellationToken.None))!.Running);
        await Store.RemoveGroupAsync(group, CancellationToken.None);
        Assert.Null((await Store.FindJobAsync("First", CancellationToken.None))!.Group);
    }

    [Fact]
    public async Task A_connection_keeps_its_secret_encrypted_and_keeps_it_through_a_change()
    {
        var made = await Store.CreateConnectionAsync(new Connection
        {
            Id = 0, Name = "Partner", Protocol = ConnectionProtocol.Sftp, Host = "sftp.example.com", Port = 22, User = "user",
            Authentication = ConnectionAuthentication.Password, UploadDirectly = true, RetryCount = 5,
        }, "s3cret", CancellationToken.None);
        Assert.True(made.HasSecret);
        var found = (await Track(await OpenAgainAsync()).FindConnectionAsync("PARTNER", CancellationToken.None))!;
        Assert.Equal(("user", 22, true, 5), (found.User, found.Port, found.UploadDirectly, found.RetryCount));
        Assert.Equal("s3cret", await Store.GetConnectionSecretAsync(found, CancellationToken.None));

        var moved = await Store.UpdateConnectionAsync(found with { Host = "sftp2.example.com" }, null, CancellationToken.None);
        Assert.Equal("sftp2.example.com", moved.Host);
        Assert.Equal("s3cret", await Store.GetConnectionSecretAsync(moved, CancellationToken.None));
        await Store.RemoveConnectionAsync(moved, CancellationToken.None);
        Assert.Empty(await Store.GetConnectionsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_ledger_finds_a_file_taken_before_and_feeds_keep_their_positions()
    {
        var job = await JobAsync("Taker");
        var run = await Store.StartRunAsync(job, CancellationToken.None);
        var file = new FileTransfer
        {
            Direction = TransferDirection.In, Connection = "Partner", Path = "in/a.csv", Size = 10, LastWriteUtc = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc),
            Sha256 = new string('a', 64), JobId = job.Id, RunId = run.RunId,
        };
        Assert.Null(await Store.FindTransferAsync(file, CancellationToken.None));
        await Store.RecordTransferAsync(file, CancellationToken.None);
        Assert.Equal(run.RunId, (await Track(await OpenAgainAsync()).FindTransferAsync(file, CancellationToken.None))!.RunId);
        Assert.Null(await Store.FindTransferAsync(file with { Sha256 = new string('b', 64) }, CancellationToken.None));
        Assert.Equal(["in/a.csv"], (await Store.GetTransfersAsync(job.Id, null, CancellationToken.None)).Select(t => t.Path));

        await Store.SetFeedPositionAsync(job.Id, "SENT", 41, CancellationToken.None);
        await Store.SetFeedPositionAsync(job.Id, "SENT", 42, CancellationToken.None);
        await Store.SetFeedPositionAsync(job.Id, "OPEN", 7, CancellationToken.None);
        var positions = await Store.GetFeedPositionsAsync(job.Id, CancellationToken.None);
        Assert.Equal((42, 7), (positions["SENT"], positions["OPEN"]));
    }

    protected T Track<T>(T store)
        where T : SqlStore
    {
        if (store is IAsyncDisposable disposable)
        {
            _opened.Add(disposable);
        }

        return store;
    }

    private Task<ConnectJob> JobAsync(string name, bool enabled = true) =>
        Store.CreateJobAsync(name, enabled, null, new ImportJobSettings { SourceDirectory = "/srv/in", FilePattern = "x_*.csv", TargetList = "L" }, CancellationToken.None);
}

/// <summary>The control contract on SQLite: a store folder; every opener its own <see cref="SqliteStore"/>.</summary>
public sealed class SqliteControlStoreTests : ControlStoreContract
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cj-contract-" + Guid.NewGuid().ToString("N"));

    protected override async Task<SqlStore> CreateAsync() => await SqliteStore.OpenAsync(_folder, CancellationToken.None);

    protected override Task<SqlStore> OpenAgainAsync() => CreateAsync();

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, SqliteStore.ControlFileName)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>The control contract on PostgreSQL: a fresh database of a real server per test; every
/// opener its own <see cref="PostgresStore"/> (its own connection pool, as another host has).</summary>
[Trait("Category", TestCategory.Server)]
public sealed class PostgresControlStoreTests(PostgresServer server) : ControlStoreContract, IClassFixture<PostgresServer>
{
    private string? _database;

    protected override async Task<SqlStore> CreateAsync()
    {
        _database = server.CreateDatabase();
        return await OpenAgainAsync();
    }

    protected override async Task<SqlStore> OpenAgainAsync() =>
        await server.OpenStoreAsync(_database!);

    protected override Task ExecuteAsync(string sql)
    {
        server.Query(_database!, sql);
        return Task.CompletedTask;
    }
}
