using ConnectJobs.Data;
using ConnectJobs.Jobs;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <remarks>Run against each provider: <see cref="SqliteJobRunnerTests"/>, <see cref="PostgresJobRunnerTests"/>.</remarks>
public abstract class JobRunnerTests(ITestStore temp) : IAsyncLifetime
{
    private IConnectStore _store = null!;
    private JobRunner _runner = null!;
    private readonly string _inbox = Directory.CreateTempSubdirectory("cj-inbox-").FullName;

    public async Task InitializeAsync()
    {
        await temp.InitializeAsync();
        _store = temp.Store;
        _runner = new JobRunner(_store);
    }

    public async Task DisposeAsync()
    {
        await temp.DisposeAsync();
        Directory.Delete(_inbox, recursive: true);
    }

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private void Drop(string name, string text, DateTime? written = null)
    {
        var path = Path.Combine(_inbox, name);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, written ?? DateTime.UtcNow);
    }

    private async Task<(ConnectJob Job, ProfileList List)> JobAsync(Func<ImportJobSettings, ImportJobSettings>? change = null)
    {
        var list = await _store.CreateListAsync(Unique("L"), null, [new("FIRST_NAME")], CancellationToken.None);
        var settings = new ImportJobSettings { SourceDirectory = _inbox, FilePattern = "contacts_*.csv", TargetList = list.Name };
        var job = await _store.CreateJobAsync(Unique("Job"), enabled: true, null, change?.Invoke(settings) ?? settings, CancellationToken.None);
        return (job, list);
    }

    private async Task<long> CountAsync(DataTarget list) => (await _store.FindTargetAsync(list.Name, CancellationToken.None))!.RecordCount;

    [Fact]
    public async Task A_run_merges_the_file_archives_it_and_is_recorded_with_its_log()
    {
        var (job, list) = await JobAsync();
        Drop("contacts_1.csv", "EMAIL_ADDRESS_,FIRST_NAME\na@example.com,A\nb@example.com,B\n");
        var run = await _runner.RunAsync(job, preview: false, null, CancellationToken.None);

        Assert.Equal((RunStatus.Succeeded, 1L, 2L, 2L), (run.Status, run.RunId, run.RowsRead, run.Inserted));
        Assert.Equal(["contacts_1.csv"], run.Files);
        Assert.Equal($"{job.Id}.1", run.FullId);
        Assert.NotNull(run.Ended);
        Assert.Equal(2, await CountAsync(list));
        Assert.False(File.Exists(Path.Combine(_inbox, "contacts_1.csv")));
        Assert.True(File.Exists(Path.Combine(_inbox, "archive", "contacts_1.csv")));

        var recorded = Assert.Single(await _store.GetRunsAsync(job.Id, null, null, CancellationToken.None));
        Assert.Equal(run with { Files = recorded.Files, FileResults = recorded.FileResults, LoadStamps = recorded.LoadStamps }, recorded with { Files = recorded.Files });
        Assert.Equal(run.LoadStamps, Assert.Single(recorded.LoadStamps) is var stamp ? [stamp] : []);
        Assert.Equal([new RunFile("contacts_1.csv", FileOutcome.Imported)], recorded.FileResults);
        var log = await _store.GetRunLogAsync(job.Id, 1, CancellationToken.None);
        Assert.Contains(log, l => l.Message.Contains("2 inserted"));
        Assert.Contains(log, l => l.Message.Contains("moved to"));
        Assert.DoesNotContain(log, l => l.Level == LogLevel.Warning);
        Assert.Equal("Run ended: Succeeded.", log[^1].Message);
    }

    [Fact]
    public async Task Rejected_rows_make_a_partial_success()
    {
        var (job, _) = await JobAsync();
        Drop("contacts_1.csv", "EMAIL_ADDRESS_,FIRST_NAME\na@example.com,A\nbad,B\n");
        var run = await _runner.RunAsync(job, false, null, CancellationToken.None);
        Assert.Equal((RunStatus.PartiallySucceeded, 1L), (run.Status, run.Rejected));
        Assert.True(File.Exists(run.RejectFile));
        var warning = Assert.Single(await _store.GetRunLogAsync(job.Id, run.RunId, CancellationToken.None), l => l.Level == LogLevel.Warning);
        Assert.Contains("1 row(s) were rejected", warning.Message);
    }

    [Fact]
    public async Task A_count_mismatch_loads_nothing_and_sets_the_file_aside_with_the_reason()
    {
        var (job, list) = await JobAsync(s => s with { CountFile = "{name}.cnt" });
        Drop("contacts_1.csv", "EMAIL_ADDRESS_,FIRST_NAME\na@example.com,A\nb@example.com,B\n");
        Drop("contacts_1.cnt", "3\n");
        var run = await _runner.RunAsync(job, false, null, CancellationToken.None);
        Assert.Equal((RunStatus.Failed, "CountMismatch"), (run.Status, run.ErrorId));
        Assert.Equal(0, await CountAsync(list));
        Assert.True(File.Exists(Path.Combine(_inbox, "failed", "contacts_1.csv")));
        Assert.True(File.Exists(Path.Combine(_inbox, "failed", "contacts_1.cnt")));
        Assert.Contains("count file says 3", File.ReadAllText(Path.Combine(_inbox, "failed", "contacts_1.csv.reason.txt")));
    }

    [Fact]
    public async Task A_matching_count_file_is_archived_with_its_file_and_a_missing_one_sets_the_file_aside()
    {
        var (job, list) = await JobAsync(s => s with { CountFile = "{name}.cnt" });
        Drop("contacts_1.csv", "EMAIL_ADDRESS_,FIRST_NAME\na@example.com,A\n");
        var missing = await _runner.RunAsync(job, false, null, CancellationToken.None);
        Assert.Equal((RunStatus.Failed, "CountFileMissing"), (missing.Status, missing.ErrorId));
        Assert.False(File.Exists(Path.Combine(_inbox, "contacts_1.csv")));
        Assert.True(File.Exists(Path.Combine(_inbox, "failed", "contacts_1.csv.reason.txt")));
        Drop("contacts_1.csv", "EMAIL_ADDRESS_,FIRST_NAME\na@example.com,A\n");
        Drop("contacts_1.cnt", "1");
        var run = await _runner.RunAsync(job, false, null, CancellationToken.None);
        Assert.Equal((RunStatus.Succeeded, 2L), (run.Status, run.RunId));
        Assert.True(File.Exists(Path.Combine(_inbox, "archive", "contacts_1.cnt")));
        Assert.Equal(1, await CountAsync(list));
    }

    [Fact]
    public async Task No_file_an_empty_file_and_a_missing_list_fail_the_run()
    {
        var (job, _) = await JobAsync(s => s with { Options = s.Options with { FailIfEmpty = true } });
        Assert.Equal("NoInboundFile", (await _runner.RunAsync(job, false, null, CancellationToken.None)).ErrorId);
        Drop("contacts_1.csv", "EMAIL_ADDRESS_,FIRST_NAME\n");
        Assert.Equal("EmptyFile", (await _runner.RunAsync(job, false, null, CancellationToken.None)).ErrorId);
        Assert.True(File.Exists(Path.Combine(_inbox, "failed", "contacts_1.csv")));
        var orphan = await _store.CreateJobAsync(Unique("Job"), true, null, ((ImportJobSettings)job.Settings) with { TargetList = "Gone" }, CancellationToken.None);
        Assert.Equal("ListNotFound", (await _runner.RunAsync(orphan, false, null, CancellationToken.None)).ErrorId);
    }

    [Fact]
    public async Task A_preview_records_nothing_and_moves_nothing()
    {
        var (job, list) = await JobAsync();
        Drop("contacts_1.csv", "EMAIL_ADDRESS_,FIRST_NAME\na@example.com,A\n");
        var run = await _runner.RunAsync(job, preview: true, null, CancellationToken.None);
        Assert.Equal((RunStatus.Succeeded, 0L, 1L, true), (run.Status, run.RunId, run.Inserted, run.Preview));
        Assert.Equal(0, await CountAsync(list));
        Assert.True(File.Exists(Path.Combine(_inbox, "contacts_1.csv")));
        Assert.Empty(await _store.GetRunsAsync(job.Id, null, null, CancellationToken.None));
    }

    [Fact]
    public async Task Missed_files_are_processed_oldest_first_or_only_the_oldest_one()
    {
        var (job, list) = await JobAsync();
        Drop("contacts_b.csv", "EMAIL_ADDRESS_,FIRST_NAME\na@example.com,Second\n", DateTime.UtcNow.AddMinutes(-1));
        Drop("contacts_a.csv", "EMAIL_ADDRESS_,FIRST_NAME\na@example.com,First\n", DateTime.UtcNow.AddMinutes(-2));
        Assert.Equal(["contacts_a.csv"], (await _runner.RunAsync(job, false, null, CancellationToken.None)).Files);
        Drop("contacts_c.csv", "EMAIL_ADDRESS_,FIRST_NAME\na@example.com,Third\n");
        var all = await _store.UpdateJobAsync(job, null, null, null, ((ImportJobSettings)job.Settings) with { ProcessMissedFiles = true }, CancellationToken.None);
        Assert.Equal(["contacts_b.csv", "contacts_c.csv"], (await _runner.RunAsync(all, false, null, CancellationToken.None)).Files);
        await foreach (var record in _store.ReadRecordsAsync(list, null, 0, null, CancellationToken.None))
        {
            Assert.Equal("Third", record.Values[record.ColumnNames.ToList().IndexOf("FIRST_NAME")]);
        }
    }

    [Fact]
    public void Date_tokens_in_file_names_are_resolved() =>
        Assert.Equal("contacts_20261124_*.csv", JobRunner.ResolveDateTokens("contacts_{yyyyMMdd}_*.csv", new DateTime(2026, 11, 24, 8, 0, 0)));

    [Fact]
    public async Task A_run_whose_lease_another_runner_took_stops_and_commits_nothing()
    {
        var (job, list) = await JobAsync();
        Drop("contacts_1.csv", "EMAIL_ADDRESS_,FIRST_NAME\n" + string.Concat(Enumerable.Range(0, 300_000).Select(i => $"p{i}@example.com,Person {i}\n")), DateTime.UtcNow.AddMinutes(-5));
        var taken = false;
        var progress = new SynchronousProgress(_ =>
        {
            if (!taken)
            {
                // What a runner on another host does when this one's lease has run out.
                taken = true;
                temp.SqlAsync($"UPDATE run SET status = 'Failed', error_id = 'RunLeaseExpired' WHERE job_id = {job.Id} AND status = 'Running';").GetAwaiter().GetResult();
            }
        });

        var run = await new JobRunner(_store) { LeaseRenewal = TimeSpan.FromMilliseconds(200) }.RunAsync(job, preview: false, progress, CancellationToken.None);

        Assert.Equal((RunStatus.Failed, ErrorIds.RunLeaseLost), (run.Status, run.ErrorId));
        Assert.Equal(0, await CountAsync(list));
        Assert.True(File.Exists(Path.Combine(_inbox, "contacts_1.csv")));
    }

    [Fact]
    public async Task A_job_runs_once_at_a_time_and_a_run_whose_process_died_frees_it()
    {
        var (job, _) = await JobAsync();
        var first = await _store.StartRunAsync(job, CancellationToken.None);
        var e = await Assert.ThrowsAsync<ConnectException>(() => _store.StartRunAsync(job, CancellationToken.None));
        Assert.Equal(("JobAlreadyRunning", ErrorKind.ResourceUnavailable), (e.ErrorId, e.Kind));
        Assert.Contains($"run {first.RunId}", e.Message);

        // Pretend the process that holds the run died: another process id on this host.
        await temp.SqlAsync($"UPDATE run SET pid = 2147483000 WHERE job_id = {job.Id} AND run_id = {first.RunId};");

        // Read before any maintenance: shown as what maintenance will record, nothing written.
        var seen = (await _store.GetRunsAsync(job.Id, RunStatus.Failed, null, CancellationToken.None)).Single();
        Assert.Equal(("ProcessDied", first.RunId), (seen.ErrorId, seen.RunId));
        Assert.Empty(await _store.GetRunsAsync(job.Id, RunStatus.Running, null, CancellationToken.None));
        Assert.Equal("Running", (string?)await temp.SqlAsync($"SELECT status FROM run WHERE job_id = {job.Id} AND run_id = {first.RunId};"));

        var second = await _store.StartRunAsync(job, CancellationToken.None);
        Assert.Equal(first.RunId + 1, second.RunId);
        var died = (await _store.GetRunsAsync(job.Id, RunStatus.Failed, null, CancellationToken.None)).Single();
        Assert.Equal(("ProcessDied", first.RunId), (died.ErrorId, died.RunId));
    }

    [Fact]
    public async Task Jobs_are_named_uniquely_copied_only_when_inactive_and_removed_with_their_runs()
    {
        var (job, _) = await JobAsync();
        Assert.Equal("JobExists", (await Assert.ThrowsAsync<ConnectException>(() => _store.CreateJobAsync(job.Name.ToUpperInvariant(), true, null, job.Settings, CancellationToken.None))).ErrorId);
        Assert.Equal("CopyNeedsInactiveJob", (await Assert.ThrowsAsync<ConnectException>(() => _store.CopyJobAsync(job, Unique("Copy"), CancellationToken.None))).ErrorId);
        var inactive = await _store.UpdateJobAsync(job, null, false, null, null, CancellationToken.None);
        var copy = await _store.CopyJobAsync(inactive, Unique("Copy"), CancellationToken.None);
        Assert.False(copy.Enabled);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize((ImportJobSettings)job.Settings), System.Text.Json.JsonSerializer.Serialize((ImportJobSettings)copy.Settings));
        Assert.True(copy.Id > job.Id);

        var run = await _store.StartRunAsync(job, CancellationToken.None);
        Assert.Equal("JobIsRunning", (await Assert.ThrowsAsync<ConnectException>(() => _store.RemoveJobAsync(job, CancellationToken.None))).ErrorId);
        await _store.FinishRunAsync(run with { Status = RunStatus.Succeeded }, CancellationToken.None);
        await _store.RemoveJobAsync(job, CancellationToken.None);
        Assert.Null(await _store.FindJobAsync(job.Id, CancellationToken.None));
        Assert.Empty(await _store.GetRunsAsync(job.Id, null, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_file_still_being_written_waits_unless_its_count_file_is_there()
    {
        var (job, list) = await JobAsync(s => s with { SettlingTime = TimeSpan.FromMinutes(5), CountFile = "{name}.cnt", ProcessMissedFiles = true });
        Drop("contacts_old.csv", "EMAIL_ADDRESS_,FIRST_NAME\na@example.com,A\n", DateTime.UtcNow.AddHours(-1));
        Drop("contacts_old.cnt", "1", DateTime.UtcNow.AddHours(-1));
        Drop("contacts_new.csv", "EMAIL_ADDRESS_,FIRST_NAME\nb@example.com,B\n");

        var run = await _runner.RunAsync(job, preview: false, null, CancellationToken.None);

        Assert.Equal((RunStatus.Succeeded, 1L), (run.Status, run.Inserted));
        Assert.True(File.Exists(Path.Combine(_inbox, "contacts_new.csv")));
        Assert.Contains(await _store.GetRunLogAsync(job.Id, run.RunId, CancellationToken.None), l => l.Level == LogLevel.Warning && l.Message.Contains("contacts_new.csv"));

        // Nothing ready yet is not a failure: the run says which file it waits for.
        var waiting = await _runner.RunAsync(job, preview: false, null, CancellationToken.None);
        Assert.Equal((RunStatus.Waiting, null), (waiting.Status, waiting.ErrorId));
        Assert.Equal([new RunFile("contacts_new.csv", FileOutcome.NotSettled)], waiting.FileResults);

        Drop("contacts_new.cnt", "1");
        Assert.Equal(RunStatus.Succeeded, (await _runner.RunAsync(job, preview: false, null, CancellationToken.None)).Status);
        Assert.Equal(2, await CountAsync(list));
    }

    [Fact]
    public async Task A_file_that_vanishes_after_the_run_listed_it_fails_the_run_and_nothing_is_loaded_from_it()
    {
        var (job, list) = await JobAsync(s => s with { ProcessMissedFiles = true });
        Drop("contacts_1.csv", "EMAIL_ADDRESS_,FIRST_NAME\na@example.com,A\n", DateTime.UtcNow.AddMinutes(-2));
        Drop("contacts_2.csv", "EMAIL_ADDRESS_,FIRST_NAME\nb@example.com,B\n", DateTime.UtcNow.AddMinutes(-1));

        // While the first file is merged, the second is taken away by someone else.
        var progress = new SynchronousProgress(_ => File.Delete(Path.Combine(_inbox, "contacts_2.csv")));
        var run = await _runner.RunAsync(job, preview: false, progress, CancellationToken.None);

        Assert.Equal((RunStatus.Failed, "InboundFileNotFound"), (run.Status, run.ErrorId));
        Assert.Contains("contacts_2.csv", run.Error);
        Assert.Equal(1, await CountAsync(list));
        Assert.True(File.Exists(Path.Combine(_inbox, "archive", "contacts_1.csv")));
    }

    [Fact]
    public async Task A_second_run_can_wait_for_the_first_to_end_instead_of_failing()
    {
        var (job, list) = await JobAsync();
        Drop("contacts_1.csv", "EMAIL_ADDRESS_,FIRST_NAME\na@example.com,A\n");
        var first = await _store.StartRunAsync(job, CancellationToken.None);

        var refused = await _runner.RunAsync(job, preview: false, null, CancellationToken.None).ContinueWith(t => t.Exception?.InnerException as ConnectException);
        Assert.Equal("JobAlreadyRunning", refused?.ErrorId);

        var waiting = _runner.RunAsync(job, preview: false, null, CancellationToken.None, waitWhenRunning: TimeSpan.FromSeconds(30));
        await Task.Delay(1200);
        Assert.False(waiting.IsCompleted);
        await _store.FinishRunAsync(first with { Status = RunStatus.Succeeded }, CancellationToken.None);

        var run = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((RunStatus.Succeeded, first.RunId + 1, 1L), (run.Status, run.RunId, run.Inserted));
        Assert.Equal(1, await CountAsync(list));
    }

    [Fact]
    public async Task The_ledger_keeps_a_file_left_in_place_from_being_imported_twice_unless_forced()
    {
        var (job, list) = await JobAsync(s => s with { ArchiveFolder = "archive" });
        Drop("contacts_1.csv", "EMAIL_ADDRESS_,FIRST_NAME\na@example.com,A\n", DateTime.UtcNow.AddMinutes(-5));
        await _runner.RunAsync(job, preview: false, null, CancellationToken.None);

        // The same file turns up again (a server that would not let it be moved, or a resend).
        File.Move(Path.Combine(_inbox, "archive", "contacts_1.csv"), Path.Combine(_inbox, "contacts_1.csv"));
        File.SetLastWriteTimeUtc(Path.Combine(_inbox, "contacts_1.csv"), DateTime.UtcNow.AddMinutes(-5));
        var transfer = Assert.Single(await _store.GetTransfersAsync(job.Id, null, CancellationToken.None));
        File.SetLastWriteTimeUtc(Path.Combine(_inbox, "contacts_1.csv"), transfer.LastWriteUtc);

        // Skipped, not imported, and archived as processed so that it does not come round again.
        var again = await _runner.RunAsync(job, preview: false, null, CancellationToken.None);
        Assert.Equal((RunStatus.Skipped, 0L), (again.Status, again.RowsRead));
        Assert.Equal([new RunFile("contacts_1.csv", FileOutcome.AlreadyImported)], again.FileResults);
        Assert.Contains(await _store.GetRunLogAsync(job.Id, again.RunId, CancellationToken.None), l => l.Level == LogLevel.Warning && l.Message.Contains("imported already"));
        Assert.False(File.Exists(Path.Combine(_inbox, "contacts_1.csv")));
        File.Move(Path.Combine(_inbox, "archive", "contacts_1.csv"), Path.Combine(_inbox, "contacts_1.csv"));
        File.SetLastWriteTimeUtc(Path.Combine(_inbox, "contacts_1.csv"), transfer.LastWriteUtc);

        var forced = await _runner.RunAsync(job, preview: false, null, CancellationToken.None, force: true);
        Assert.Equal(1L, forced.RowsRead);
        Assert.Equal(2, (await _store.GetTransfersAsync(job.Id, null, CancellationToken.None)).Count);
        Assert.Equal(64, transfer.Sha256.Length);
        Assert.Equal(1, await CountAsync(list));
    }
}

public sealed class SqliteJobRunnerTests() : JobRunnerTests(new TempStore());

[Trait("Category", TestCategory.Server)]
public sealed class PostgresJobRunnerTests(PostgresServer server) : JobRunnerTests(new TempPostgresStore(server)), IClassFixture<PostgresServer>;
