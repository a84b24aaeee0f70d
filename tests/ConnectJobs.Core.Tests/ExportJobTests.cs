using ConnectJobs.Data;
using ConnectJobs.Export;
using ConnectJobs.Jobs;
using ConnectJobs.Locations;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <remarks>Run against each provider: <see cref="SqliteExportJobTests"/>, <see cref="PostgresExportJobTests"/>.</remarks>
public abstract class ExportJobTests(ITestStore temp) : IAsyncLifetime
{
    private IConnectStore _store = null!;
    private JobRunner _runner = null!;
    private readonly string _outbox = Directory.CreateTempSubdirectory("cj-outbox-").FullName;

    public async Task InitializeAsync()
    {
        await temp.InitializeAsync();
        _store = temp.Store;
        _runner = new JobRunner(_store);
    }

    public async Task DisposeAsync()
    {
        await temp.DisposeAsync();
        Directory.Delete(_outbox, recursive: true);
    }

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private async Task<ProfileList> ListAsync(int records)
    {
        var list = await _store.CreateListAsync(Unique("L"), null, [new("FIRST_NAME", ColumnType.Text, 50)], CancellationToken.None);
        var rows = Enumerable.Range(0, records).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["EMAIL_ADDRESS_"] = $"person{i}@example.com", ["FIRST_NAME"] = $"Person {i}",
        }).ToList();
        await _store.InsertRecordsAsync(list, rows, null, CancellationToken.None);
        return list;
    }

    private Task<ConnectJob> JobAsync(ProfileList list, Func<ExportJobSettings, ExportJobSettings>? change = null)
    {
        var settings = new ExportJobSettings { Source = list.Name, TargetDirectory = _outbox, FileName = "contacts_{yyyyMMdd}.csv" };
        return _store.CreateJobAsync(Unique("Export"), enabled: true, null, change?.Invoke(settings) ?? settings, CancellationToken.None);
    }

    [Fact]
    public async Task Retention_deletes_only_this_jobs_files_older_than_the_limit()
    {
        var job = await JobAsync(await ListAsync(2), s => s with { RetentionDays = 30, Options = s.Options with { Compression = Compression.GZip } });
        string Old(string name, int days)
        {
            var path = Path.Combine(_outbox, name);
            File.WriteAllText(path, "old");
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-days));
            return path;
        }

        var expired = Old($"{job.Id}_7_contacts_20200101.csv.gz", 40);
        var recent = Old($"{job.Id}_8_contacts_20200102.csv.gz", 10);
        var foreign = Old("other_contacts.csv", 400);
        // Named like this job's files, but not delivered by it: the ledger does not know it.
        var lookalike = Old($"{job.Id}_6_contacts_20200101.csv.gz", 400);
        foreach (var (path, runId) in new[] { (expired, 7L), (recent, 8L) })
        {
            await _store.RecordTransferAsync(new FileTransfer { Direction = TransferDirection.Out, Path = path, Size = 3, LastWriteUtc = File.GetLastWriteTimeUtc(path), Sha256 = new string('0', 64), JobId = job.Id, RunId = runId }, CancellationToken.None);
        }

        var run = await _runner.RunAsync(job, preview: false, null, CancellationToken.None);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.False(File.Exists(expired));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(foreign));
        Assert.True(File.Exists(lookalike));
        Assert.True(File.Exists(Path.Combine(_outbox, $"{job.Id}_1_contacts_{DateTime.Now:yyyyMMdd}.csv.gz")));
        Assert.Contains(await _store.GetRunLogAsync(job.Id, run.RunId, CancellationToken.None), l => l.Message.Contains(Path.GetFileName(expired)) && l.Message.Contains("30 day"));
    }

    [Fact]
    public async Task A_stopped_export_is_recorded_as_Stopped_and_leaves_no_file()
    {
        var job = await JobAsync(await ListAsync(40_000));
        using var stop = new CancellationTokenSource();

        // Stop at the first progress report, in the middle of writing.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _runner.RunAsync(job, preview: false, new SynchronousProgress(_ => stop.Cancel()), stop.Token));

        Assert.Empty(Directory.GetFileSystemEntries(_outbox));
        var run = Assert.Single(await _store.GetRunsAsync(job.Id, null, null, CancellationToken.None));
        Assert.Equal((RunStatus.Stopped, (string?)null), (run.Status, run.Watermark));
    }

    [Trait("Category", TestCategory.Server)]
    [Fact]
    public async Task A_full_disk_fails_the_run_keeps_the_watermark_and_leaves_no_file()
    {
        var list = await ListAsync(3000);
        using var disk = TinyDisk.Mount(64 * 1024);
        var job = await JobAsync(list, s => s with { TargetDirectory = disk.Path, Incremental = true, ReadyFile = ReadyFileKind.Count });

        var run = await _runner.RunAsync(job, preview: false, null, CancellationToken.None);

        Assert.Equal((RunStatus.Failed, "LocationWriteFailed"), (run.Status, run.ErrorId));
        Assert.Empty(Directory.GetFileSystemEntries(disk.Path));
        Assert.Null(await _store.GetWatermarkAsync(job.Id, CancellationToken.None));

        // With room again, the next run writes everything the failed one did not.
        var retry = await _runner.RunAsync(await _store.UpdateJobAsync(job, null, null, null, ((ExportJobSettings)job.Settings) with { TargetDirectory = _outbox }, CancellationToken.None), preview: false, null, CancellationToken.None);
        Assert.Equal((RunStatus.Succeeded, 3000L), (retry.Status, retry.RowsWritten));
        Assert.NotNull(await _store.GetWatermarkAsync(job.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_preview_counts_and_names_the_file_without_writing_or_recording()
    {
        var job = await JobAsync(await ListAsync(3), s => s with { ReadyFile = ReadyFileKind.Count, RunIdPrefix = false, Options = s.Options with { Encryption = null } });

        var run = await _runner.RunAsync(job, preview: true, null, CancellationToken.None);

        Assert.Equal((RunStatus.Succeeded, 3L, true), (run.Status, run.RowsWritten, run.Preview));
        Assert.Equal([Path.Combine(_outbox, $"contacts_{DateTime.Now:yyyyMMdd}.csv")], run.Files);
        Assert.Empty(Directory.GetFileSystemEntries(_outbox));
        Assert.Empty(await _store.GetRunsAsync(job.Id, null, null, CancellationToken.None));
    }

    [Fact]
    public async Task Export_file_names_get_the_run_prefix_and_the_extensions_of_compression_and_encryption()
    {
        var settings = new ExportJobSettings { Source = "L", TargetDirectory = _outbox, FileName = "x.csv", Options = new ExportOptions { Compression = Compression.GZip, Encryption = new PgpEncryption { PublicKeyFile = "k", Armor = true } } };
        Assert.Equal("3_14_x.csv.gz.asc", JobRunner.ExportFileName(settings, "x.csv", 3, 14));
        Assert.Equal("x.csv.gz.asc", JobRunner.ExportFileName(settings with { RunIdPrefix = false }, "x.csv.gz.asc", 3, 14));
        Assert.Equal("*_*_x.csv.zip", JobRunner.ExportFileName(settings with { Options = settings.Options with { Compression = Compression.Zip, Encryption = null } }, "x.csv", null, null));
    }

    [Fact]
    public async Task A_preview_names_the_file_the_next_run_writes()
    {
        var job = await JobAsync(await ListAsync(2));
        Assert.Equal(RunStatus.Succeeded, (await _runner.RunAsync(job, preview: false, null, CancellationToken.None)).Status);

        var preview = await _runner.RunAsync(job, preview: true, null, CancellationToken.None);
        var run = await _runner.RunAsync(job, preview: false, null, CancellationToken.None);

        Assert.Equal(Path.Combine(_outbox, $"{job.Id}_2_contacts_{DateTime.Now:yyyyMMdd}.csv"), Assert.Single(preview.Files));
        Assert.Equal(preview.Files, run.Files);
    }

    [Fact]
    public async Task A_run_removes_the_partial_files_that_killed_runs_of_its_job_left_and_no_others()
    {
        var job = await JobAsync(await ListAsync(2));
        var leftover = Path.Combine(_outbox, $".{job.Id}_3_contacts_20261130.csv.partial");
        var others = Path.Combine(_outbox, $".{job.Id + 1000}_3_contacts_20261130.csv.partial");
        await File.WriteAllTextAsync(leftover, "half a fi");
        await File.WriteAllTextAsync(others, "someone else's");

        var run = await _runner.RunAsync(job, preview: false, null, CancellationToken.None);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(others));
        Assert.Contains(await _store.GetRunLogAsync(job.Id, run.RunId, CancellationToken.None), l => l.Message.Contains(Path.GetFileName(leftover)));
    }

    [Fact]
    public async Task Date_tokens_in_the_target_directory_name_folders_that_are_made_under_its_base()
    {
        var job = await JobAsync(await ListAsync(2), s => s with { TargetDirectory = Path.Combine(_outbox, "{yyyy}", "{MM}"), RunIdPrefix = false });

        var run = await _runner.RunAsync(job, preview: false, null, CancellationToken.None);

        Assert.True(run.Status == RunStatus.Succeeded, run.Error);
        var now = DateTime.Now;
        Assert.True(File.Exists(Path.Combine(_outbox, $"{now:yyyy}", $"{now:MM}", $"contacts_{now:yyyyMMdd}.csv")));

        // The base itself must exist: a mistyped base is not made.
        var missing = await JobAsync(await ListAsync(1), s => s with { TargetDirectory = Path.Combine(_outbox, "nope", "{yyyy}") });
        var failed = await _runner.RunAsync(missing, preview: false, null, CancellationToken.None);
        Assert.Equal((RunStatus.Failed, "LocationNotFound"), (failed.Status, failed.ErrorId));
        Assert.Equal([new RunFile($"{missing.Id}_1_contacts_{now:yyyyMMdd}.csv", FileOutcome.Failed, "LocationNotFound")], failed.FileResults);
        Assert.False(Directory.Exists(Path.Combine(_outbox, "nope")));
    }
}

public sealed class SqliteExportJobTests() : ExportJobTests(new TempStore());

[Trait("Category", TestCategory.Server)]
public sealed class PostgresExportJobTests(PostgresServer server) : ExportJobTests(new TempPostgresStore(server)), IClassFixture<PostgresServer>;
