using ConnectJobs.Jobs;
using ConnectJobs.Schedules;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>The tick's claims: each due slot is claimed once, whichever store connections ask together.</summary>
/// <remarks>Run against each provider: <see cref="SqliteDueJobTests"/>, <see cref="PostgresDueJobTests"/>.</remarks>
public abstract class DueJobTests(ITestStore temp) : IAsyncLifetime
{
    private readonly ITestStore _temp = temp;

    public Task InitializeAsync() => _temp.InitializeAsync();

    public Task DisposeAsync() => _temp.DisposeAsync();

    private async Task<ConnectJob> JobAsync(string name, JobSchedule schedule, bool enabled = true)
    {
        var store = _temp.Store;
        var job = await store.CreateJobAsync(name, enabled, null, new ImportJobSettings { SourceDirectory = _temp.Folder, FilePattern = "x_*.csv", TargetList = "L" }, CancellationToken.None);
        return await store.SetScheduleAsync(job, schedule, CancellationToken.None);
    }

    /// <summary>Moves every scheduled job's next run back to a time, as if no tick had run since.</summary>
    private async Task DueSinceAsync(DateTime utc)
    {
        await _temp.SqlAsync($"UPDATE job SET next_run = '{Data.ValueConverter.FormatTimestamp(utc)}' WHERE next_run IS NOT NULL;");
    }

    [Fact]
    public async Task A_file_not_taken_by_its_expected_time_makes_one_Missed_run_a_day()
    {
        await _temp.Store.CreateListAsync("L", null, [], CancellationToken.None);
        var now = DateTime.UtcNow;
        var by = now.AddMinutes(1);
        var schedule = new JobSchedule { Kind = ScheduleKind.Daily, At = new TimeOnly(0, 5), TimeZone = "UTC", ExpectedBy = new TimeOnly(by.Hour, by.Minute) };
        var late = await JobAsync("Late", schedule);
        var onTime = await _temp.Store.SetScheduleAsync(await _temp.Store.CreateJobAsync("OnTime", true, null,
            new ImportJobSettings { SourceDirectory = _temp.Folder, FilePattern = "ontime_*.csv", TargetList = "L" }, CancellationToken.None), schedule, CancellationToken.None);
        File.WriteAllText(Path.Combine(_temp.Folder, "ontime_1.csv"), "EMAIL_ADDRESS_\nann@example.com\n");
        Assert.Equal(RunStatus.Succeeded, (await new JobRunner(_temp.Store).RunAsync(onTime, preview: false, null, CancellationToken.None)).Status);

        // A schedule given after the day's expected time starts checking the next day.
        var past = now.AddMinutes(-5);
        await JobAsync("Later", schedule with { ExpectedBy = new TimeOnly(past.Hour, past.Minute) });

        var checks = await _temp.Store.ClaimLateChecksAsync(now.AddMinutes(2), CancellationToken.None);
        Assert.Equal(["Late", "OnTime"], checks.Select(c => c.Job.Name).Order());
        Assert.Empty(await _temp.Store.ClaimLateChecksAsync(now.AddMinutes(3), CancellationToken.None));

        var runner = new JobRunner(_temp.Store);
        var missed = await runner.CheckLateAsync(late, checks.Single(c => c.Job.Name == "Late").ExpectedBy, CancellationToken.None);
        Assert.Equal((RunStatus.Missed, "FileMissed"), (missed!.Status, missed.ErrorId));
        Assert.Contains("no file by", missed.Error);
        Assert.Null(await runner.CheckLateAsync(onTime, checks.Single(c => c.Job.Name == "OnTime").ExpectedBy, CancellationToken.None));
        Assert.Single(await _temp.Store.GetRunsAsync(late.Id, RunStatus.Missed, null, CancellationToken.None));
    }

    [Fact]
    public async Task Ticks_claiming_together_claim_each_due_job_once()
    {
        var everyMinute = new JobSchedule { Kind = ScheduleKind.Cron, Cron = "* * * * *", TimeZone = "UTC" };
        for (var i = 0; i < 40; i++)
        {
            await JobAsync($"Job{i}", everyMinute);
        }

        await JobAsync("Off", everyMinute, enabled: false);
        await JobAsync("Manual", JobSchedule.OnDemand);
        var now = DateTime.UtcNow;
        await DueSinceAsync(now.AddSeconds(-30));
        Assert.Equal(40, (await _temp.Store.GetDueJobsAsync(now, CancellationToken.None)).Count);

        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _temp.OpenAgainAsync()));
        var claims = await Task.WhenAll(stores.Select(s => Task.Run(() => s.ClaimDueJobsAsync(now, CancellationToken.None))));

        var claimed = claims.SelectMany(c => c).Select(c => c.Job.Name).ToList();
        Assert.Equal(40, claimed.Count);
        Assert.Equal(40, claimed.Distinct().Count());
        Assert.DoesNotContain("Off", claimed);
        Assert.All(claims.SelectMany(c => c), c => Assert.False(c.Skip));
        Assert.Empty(await _temp.Store.GetDueJobsAsync(now, CancellationToken.None));
        Assert.All((await _temp.Store.GetJobsAsync(CancellationToken.None)).Where(j => j.Name.StartsWith("Job", StringComparison.Ordinal)), j => Assert.True(j.NextRun > now));
        foreach (var opened in stores.OfType<IAsyncDisposable>())
        {
            await opened.DisposeAsync();
        }
    }

    [Fact]
    public async Task Missed_slots_run_once_or_are_skipped_by_the_jobs_policy()
    {
        var hourly = new JobSchedule { Kind = ScheduleKind.Hourly, EveryHours = 1, At = new TimeOnly(0, 5), TimeZone = "UTC" };
        await JobAsync("CatchUp", hourly);
        await JobAsync("SkipIt", hourly with { MissedRuns = MissedRunPolicy.Skip });
        var now = DateTime.UtcNow;
        await DueSinceAsync(now.AddHours(-3).AddMinutes(-30));

        var slots = (await _temp.Store.ClaimDueJobsAsync(now, CancellationToken.None)).ToDictionary(s => s.Job.Name);

        Assert.Equal((false, true), (slots["CatchUp"].Skip, slots["SkipIt"].Skip));
        // The slot it was due at and the three or four hourly slots since: all missed.
        Assert.All(slots.Values, s => Assert.InRange(s.Missed, 4, 5));
        var runner = new JobRunner(_temp.Store);
        var skipped = await runner.RunDueAsync(slots["SkipIt"], null, CancellationToken.None);
        Assert.Equal(RunStatus.Skipped, skipped.Status);
        var log = await _temp.Store.GetRunLogAsync(skipped.JobId, skipped.RunId, CancellationToken.None);
        Assert.Contains(log, l => l.Level == LogLevel.Warning && l.Message.Contains("missed") && l.Message.Contains("Skip"));

        // Activating a job starts its schedule from then: what passed while it was off is not missed.
        var off = await _temp.Store.UpdateJobAsync((await _temp.Store.FindJobAsync("CatchUp", CancellationToken.None))!, null, false, null, null, CancellationToken.None);
        await DueSinceAsync(now.AddDays(-2));
        var on = await _temp.Store.UpdateJobAsync(off, null, true, null, null, CancellationToken.None);
        Assert.True(on.NextRun > DateTime.UtcNow);
    }
}

public sealed class SqliteDueJobTests() : DueJobTests(new TempStore());

[Trait("Category", TestCategory.Server)]
public sealed class PostgresDueJobTests(PostgresServer server) : DueJobTests(new TempPostgresStore(server)), IClassFixture<PostgresServer>;
