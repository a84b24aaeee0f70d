using ConnectJobs.Jobs;
using ConnectJobs.Schedules;

namespace ConnectJobs.Core.Tests;

/// <summary>Job groups: the Responsys rules for members, and runs in order that stop at the first failure.</summary>
/// <remarks>Run against each provider: <see cref="SqliteGroupTests"/>, <see cref="PostgresGroupTests"/>.</remarks>
public abstract class GroupTests(ITestStore temp) : IAsyncLifetime
{
    private readonly ITestStore _temp = temp;
    private string _inbox = "";

    public async Task InitializeAsync()
    {
        await _temp.InitializeAsync();
        _inbox = Directory.CreateDirectory(Path.Combine(_temp.Folder, "in")).FullName;
        await _temp.Store.CreateListAsync("Contacts", null, [], CancellationToken.None);
    }

    public Task DisposeAsync() => _temp.DisposeAsync();

    private Task<ConnectJob> ImportJobAsync(string name, bool enabled = true) =>
        _temp.Store.CreateJobAsync(name, enabled, null, new ImportJobSettings { SourceDirectory = _inbox, FilePattern = name + "_*.csv", TargetList = "Contacts" }, CancellationToken.None);

    [Fact]
    public async Task Only_two_or_more_enabled_on_demand_import_jobs_in_no_other_group_make_a_group()
    {
        var store = _temp.Store;
        await ImportJobAsync("A");
        await ImportJobAsync("B");
        await ImportJobAsync("Off", enabled: false);
        await store.SetScheduleAsync(await ImportJobAsync("Timed"), new JobSchedule { Kind = ScheduleKind.Daily, At = new TimeOnly(6, 0), TimeZone = "UTC" }, CancellationToken.None);
        await store.CreateJobAsync("Out", true, null, new ExportJobSettings { Source = "Contacts", TargetDirectory = _inbox, FileName = "x.csv" }, CancellationToken.None);

        async Task<string> RefusedAsync(string name, params string[] jobs) =>
            (await Assert.ThrowsAsync<ConnectException>(() => store.CreateGroupAsync(name, jobs, true, null, CancellationToken.None))).ErrorId;

        Assert.Equal("GroupNeedsTwoJobs", await RefusedAsync("G", "A", "a"));
        Assert.Equal("JobNotGroupable", await RefusedAsync("G", "A", "Off"));
        Assert.Equal("JobNotGroupable", await RefusedAsync("G", "A", "Timed"));
        Assert.Equal("JobNotGroupable", await RefusedAsync("G", "A", "Out"));
        Assert.Equal("JobNotFound", await RefusedAsync("G", "A", "Nope"));
        Assert.Equal("GroupNameTooLong", await RefusedAsync(new string('G', 31), "A", "B"));
        Assert.Empty(await store.GetGroupsAsync(CancellationToken.None));

        var group = await store.CreateGroupAsync("Nightly", ["B", "A"], true, null, CancellationToken.None);
        Assert.Equal(["B", "A"], group.Jobs);
        await ImportJobAsync("C");
        Assert.Equal("GroupExists", await RefusedAsync("nightly", "C", "Timed"));
        Assert.Equal("JobInOtherGroup", await RefusedAsync("Other", "C", "A"));
        var member = (await store.FindJobAsync("A", CancellationToken.None))!;
        Assert.Equal("JobInGroup", (await Assert.ThrowsAsync<ConnectException>(() => store.SetScheduleAsync(member, new JobSchedule { Kind = ScheduleKind.Daily, TimeZone = "UTC" }, CancellationToken.None))).ErrorId);

        await store.RemoveGroupAsync(group, CancellationToken.None);
        Assert.Empty(await store.GetGroupsAsync(CancellationToken.None));
        Assert.NotNull(await store.FindJobAsync("A", CancellationToken.None));
    }

    [Fact]
    public async Task A_due_group_is_claimed_once_and_can_be_changed_by_the_rules()
    {
        var store = _temp.Store;
        foreach (var name in new[] { "A", "B", "C" })
        {
            await ImportJobAsync(name);
        }

        var group = await store.CreateGroupAsync("Nightly", ["A", "B"], true, null, CancellationToken.None);
        group = await store.SetGroupScheduleAsync(group, new JobSchedule { Kind = ScheduleKind.Cron, Cron = "* * * * *", TimeZone = "UTC" }, CancellationToken.None);
        Assert.True(group.NextRun > DateTime.UtcNow);
        var now = group.NextRun!.Value.AddSeconds(1);

        var claims = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => store.ClaimDueGroupsAsync(now, CancellationToken.None))));
        Assert.Equal("Nightly", Assert.Single(claims.SelectMany(c => c)).Group.Name);
        Assert.Empty(await store.GetDueGroupsAsync(now, CancellationToken.None));

        var reordered = await store.UpdateGroupAsync(group, "Nightly2", ["C", "B", "A"], "three now", CancellationToken.None);
        Assert.Equal(["C", "B", "A"], reordered.Jobs);
        Assert.Equal(("Nightly2", "three now"), (reordered.Name, reordered.Description));
        Assert.Equal("GroupNeedsTwoJobs", (await Assert.ThrowsAsync<ConnectException>(() => store.UpdateGroupAsync(reordered, null, ["C"], null, CancellationToken.None))).ErrorId);
        Assert.Equal(["C", "B", "A"], (await store.FindGroupAsync("Nightly2", CancellationToken.None))!.Jobs);
    }

    [Fact]
    public async Task A_group_runs_its_jobs_in_order_and_stops_at_the_first_failure()
    {
        var store = _temp.Store;
        foreach (var name in new[] { "First", "Second", "Third" })
        {
            await ImportJobAsync(name);
        }

        File.WriteAllText(Path.Combine(_inbox, "First_1.csv"), "EMAIL_ADDRESS_\nann@example.com\n");
        File.WriteAllText(Path.Combine(_inbox, "Third_1.csv"), "EMAIL_ADDRESS_\nbob@example.com\n");
        var group = await store.CreateGroupAsync("Nightly", ["First", "Second", "Third"], true, null, CancellationToken.None);

        var run = await new GroupRunner(store).RunAsync(group, null, CancellationToken.None);

        Assert.Equal((RunStatus.Failed, "1.1"), (run.Status, run.FullId));
        Assert.Equal([("First", RunStatus.Succeeded), ("Second", RunStatus.Failed)], run.Runs.Select(r => (r.Job, r.Status)));
        Assert.Equal(["Third"], run.NotRun);
        Assert.True(File.Exists(Path.Combine(_inbox, "Third_1.csv")), "a job not run leaves its file");
        var log = await store.GetRunLogAsync(run.Runs[0].JobId, run.Runs[0].RunId, CancellationToken.None);
        Assert.Contains(log, l => l.Message.Contains("group 'Nightly', run 1.1"));

        File.WriteAllText(Path.Combine(_inbox, "First_2.csv"), "EMAIL_ADDRESS_\ndee@example.com\n");
        File.WriteAllText(Path.Combine(_inbox, "Second_1.csv"), "EMAIL_ADDRESS_\ncy@example.com\n");
        var again = await new GroupRunner(store).RunAsync(group, null, CancellationToken.None);
        Assert.Equal((RunStatus.Succeeded, "1.2"), (again.Status, again.FullId));
        Assert.Equal(["First", "Second", "Third"], again.Runs.Select(r => r.Job));
        Assert.Empty(again.NotRun);
        Assert.Equal(4, (await store.FindTargetAsync("Contacts", CancellationToken.None))!.RecordCount);
    }
}

public sealed class SqliteGroupTests() : GroupTests(new TempStore());

[Trait("Category", TestCategory.Server)]
public sealed class PostgresGroupTests(PostgresServer server) : GroupTests(new TempPostgresStore(server)), IClassFixture<PostgresServer>;
