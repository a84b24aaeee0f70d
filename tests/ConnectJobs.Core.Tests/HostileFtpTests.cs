using System.Diagnostics;
using ConnectJobs.Connections;
using ConnectJobs.Jobs;
using ConnectJobs.Locations;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>Jobs against an FTP server that lies: nothing is written outside the folders a run owns,
/// and every run ends, with a status, in bounded time.</summary>
public sealed class HostileFtpTests : IClassFixture<TempStore>, IDisposable
{
    // Names a listing may hold that no file of the directory can have.
    private static readonly string[] HostileNames = ["..", ".", "../../../../cj-hostile-up.csv", "..\\..\\cj-hostile-back.csv", "a\u0001b.csv", "sub/dir.csv"];

    private readonly SqliteStore _store;
    private readonly HostileFtpServer _server = new();
    private readonly string _victims = Directory.CreateTempSubdirectory("cj-victim-").FullName;

    public HostileFtpTests(TempStore temp) => _store = temp.Store;

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_victims, recursive: true);
    }

    private Connection Server() => new()
    {
        Id = 0,
        Name = "H" + Guid.NewGuid().ToString("N")[..8],
        Protocol = ConnectionProtocol.Ftp,
        Host = "127.0.0.1",
        Port = _server.Port,
        User = "u",
        Authentication = ConnectionAuthentication.Password,
        Timeout = TimeSpan.FromSeconds(5),
        RetryCount = 0,
    };

    private async Task<ConnectJob> JobAsync(Func<ImportJobSettings, ImportJobSettings>? change = null, TimeSpan? timeout = null)
    {
        var connection = await _store.CreateConnectionAsync(Server() with { Timeout = timeout ?? TimeSpan.FromSeconds(5) }, "pw", CancellationToken.None);
        var list = await _store.CreateListAsync("L" + Guid.NewGuid().ToString("N")[..8], null, [], CancellationToken.None);
        var settings = new ImportJobSettings { Connection = connection.Name, SourceDirectory = "in", FilePattern = "*", TargetList = list.Name, SettlingTime = TimeSpan.Zero, ProcessMissedFiles = true };
        return await _store.CreateJobAsync("J" + Guid.NewGuid().ToString("N")[..8], true, null, change?.Invoke(settings) ?? settings, CancellationToken.None);
    }

    [Fact]
    public async Task A_listing_of_absolute_and_parent_names_creates_and_truncates_nothing_and_the_good_file_is_imported()
    {
        var existing = Path.Combine(_victims, "existing.csv");
        await File.WriteAllTextAsync(existing, "ten bytes!");
        var created = Path.Combine(_victims, "created.csv");
        _server.Names = [existing, created, .. HostileNames, "good.csv"];
        var job = await JobAsync();

        var run = await new JobRunner(_store).RunAsync(job, preview: false, null, CancellationToken.None);

        Assert.True(run.Status == RunStatus.Succeeded, run.Error);
        Assert.Equal(1L, run.Inserted);
        Assert.Equal("ten bytes!", await File.ReadAllTextAsync(existing));
        Assert.False(File.Exists(created));
        Assert.False(File.Exists("/cj-hostile-up.csv"));
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), "*cj-hostile-*"));
        Assert.Equal([new RunFile("good.csv", FileOutcome.Imported)], run.FileResults.Where(f => f.Outcome != FileOutcome.Refused));
        Assert.Equal(HostileNames.Length + 2, run.FileResults.Count(f => f is { Outcome: FileOutcome.Refused, ErrorId: "UnsafeRemoteName" }));
        Assert.Equal(["RETR in/good.csv"], _server.Commands.Where(c => c.StartsWith("RETR", StringComparison.Ordinal)));
        Assert.Contains(await _store.GetRunLogAsync(job.Id, run.RunId, CancellationToken.None), l => l.Level == LogLevel.Warning && l.Message.Contains(existing));
    }

    [Fact]
    public async Task Fetching_a_hostile_name_is_refused_before_any_local_file_is_made()
    {
        var existing = Path.Combine(_victims, "existing.csv");
        await File.WriteAllTextAsync(existing, "ten bytes!");
        using var location = await FtpLocation.OpenAsync(Server(), "pw", "in", CancellationToken.None);
        foreach (var name in (string[])[existing, Path.Combine(_victims, "new.csv"), .. HostileNames, ""])
        {
            var refused = await Assert.ThrowsAsync<ConnectException>(() => location.FetchAsync(new LocationFile(name, 10, DateTime.UtcNow), CancellationToken.None));
            Assert.Equal("UnsafeRemoteName", refused.ErrorId);
        }

        Assert.Equal("ten bytes!", await File.ReadAllTextAsync(existing));
        Assert.Equal([existing], Directory.GetFiles(_victims));
        Assert.DoesNotContain(_server.Commands, c => c.StartsWith("RETR", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_that_says_every_name_exists_does_not_keep_the_archiving_asking()
    {
        _server.Names = ["contacts.csv"];
        var job = await JobAsync();
        var clock = Stopwatch.StartNew();

        var run = await new JobRunner(_store).RunAsync(job, preview: false, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(run.Status == RunStatus.Succeeded, run.Error);
        Assert.InRange(_server.Commands.Count(c => c.StartsWith("SIZE", StringComparison.Ordinal)), 1, 10);
        Assert.Single(_server.Commands, c => c.StartsWith("RNTO in/archive/contacts.2", StringComparison.Ordinal));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_download_that_never_ends_fails_the_run_when_its_time_is_up_and_releases_the_job()
    {
        _server.Names = ["contacts.csv"];
        _server.StallDownloads = true;
        var job = await JobAsync(s => s with { RunTimeout = TimeSpan.FromSeconds(3) });

        var run = await new JobRunner(_store).RunAsync(job, preview: false, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((RunStatus.Failed, "RunTimedOut"), (run.Status, run.ErrorId));
        Assert.Equal([new RunFile("contacts.csv", FileOutcome.Failed, "RunTimedOut")], run.FileResults);
        Assert.Equal(RunStatus.Failed, Assert.Single(await _store.GetRunsAsync(job.Id, null, null, CancellationToken.None)).Status);
        _server.StallDownloads = false;
        Assert.Equal(RunStatus.Succeeded, (await new JobRunner(_store).RunAsync(job, preview: false, null, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Errors_and_reason_files_name_the_remote_file_not_its_local_copy()
    {
        _server.Names = ["contacts.csv"];
        _server.Content = "EMAIL_ADDRESS_,NAME\na@example.com,A\n";
        var job = await JobAsync(s => s with { Options = s.Options with { Mapping = new Dictionary<string, string> { ["FIRST"] = "EMAIL_ADDRESS_" } } });

        var run = await new JobRunner(_store).RunAsync(job, preview: false, null, CancellationToken.None);

        Assert.Equal((RunStatus.Failed, "MappedColumnNotInFile"), (run.Status, run.ErrorId));
        Assert.Contains($"ftp://u@127.0.0.1:{_server.Port}/in/contacts.csv", run.Error);
        Assert.DoesNotContain("connectjobs-fetch", run.Error);
        // This server says every name exists, so the file went under a unique name; its reason beside it.
        var reason = Assert.Single(_server.Uploads, u => u.Key.StartsWith("in/failed/contacts.", StringComparison.Ordinal) && u.Key.EndsWith(".reason.txt", StringComparison.Ordinal)).Value;
        Assert.Contains($"ftp://u@127.0.0.1:{_server.Port}/in/contacts.csv", reason);
        Assert.DoesNotContain(Path.GetTempPath(), reason);
    }

    [Fact]
    public async Task Dated_folders_of_an_export_are_made_on_the_server_one_level_at_a_time()
    {
        var connection = await _store.CreateConnectionAsync(Server(), "pw", CancellationToken.None);
        var list = await _store.CreateListAsync("L" + Guid.NewGuid().ToString("N")[..8], null, [], CancellationToken.None);
        var job = await _store.CreateJobAsync("E" + Guid.NewGuid().ToString("N")[..8], true, null,
            new ExportJobSettings { Connection = connection.Name, Source = list.Name, TargetDirectory = "out/{yyyy}/{MM}", FileName = "x.csv", RunIdPrefix = false }, CancellationToken.None);

        var run = await new JobRunner(_store).RunAsync(job, preview: false, null, CancellationToken.None);

        Assert.True(run.Status == RunStatus.Succeeded, run.Error);
        var now = DateTime.Now;
        Assert.Equal([$"MKD out/{now:yyyy}", $"MKD out/{now:yyyy}/{now:MM}"], _server.Commands.Where(c => c.StartsWith("MKD", StringComparison.Ordinal)));
        Assert.Contains($"out/{now:yyyy}/{now:MM}/.x.csv.partial", _server.Uploads.Keys);
    }

    [Fact]
    public async Task A_download_that_stops_sending_fails_within_the_connections_timeout_not_the_runs()
    {
        _server.Names = ["contacts.csv"];
        _server.StallDownloads = true;
        var job = await JobAsync(timeout: TimeSpan.FromSeconds(2));
        var clock = Stopwatch.StartNew();

        var run = await new JobRunner(_store).RunAsync(job, preview: false, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((RunStatus.Failed, "RemoteOperationFailed"), (run.Status, run.ErrorId));
        Assert.Contains("sent nothing for 2 seconds", run.Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }
}
