using ConnectJobs.Connections;
using ConnectJobs.Jobs;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>An import job against a real sshd whose SFTP subsystem lists hostile names: nothing is
/// written outside the run's own folders, and only safe names are ever opened.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Trait("Category", TestCategory.Server)]
public sealed class HostileSftpTests : IClassFixture<TempStore>, IClassFixture<HostileSftpServer>, IDisposable
{
    private readonly SqliteStore _store;
    private readonly HostileSftpServer _server;
    private readonly string _victims = Directory.CreateTempSubdirectory("cj-victim-").FullName;

    public HostileSftpTests(TempStore temp, HostileSftpServer server)
    {
        _store = temp.Store;
        _server = server;
    }

    public void Dispose() => Directory.Delete(_victims, recursive: true);

    [Fact]
    public async Task A_listing_of_absolute_parent_backslash_empty_and_control_names_touches_nothing_outside_and_opens_only_safe_names()
    {
        var existing = Path.Combine(_victims, "existing.csv");
        await File.WriteAllTextAsync(existing, "ten bytes!");
        var created = Path.Combine(_victims, "created.csv");
        _server.Names = [existing, created, "..", ".", "", "../../../../cj-sftp-up.csv", "..\\..\\cj-sftp-back.csv", "a\u0001b.csv", "good.csv"];
        var connection = await _store.CreateConnectionAsync(new Connection
        {
            Id = 0, Name = "HS" + Guid.NewGuid().ToString("N")[..8], Protocol = ConnectionProtocol.Sftp, Host = "127.0.0.1", Port = _server.Port, User = _server.User,
            Authentication = ConnectionAuthentication.Password, HostKeyFingerprints = [_server.HostKeyFingerprint], Timeout = TimeSpan.FromSeconds(10), RetryCount = 0,
        }, _server.Password, CancellationToken.None);
        var list = await _store.CreateListAsync("L" + Guid.NewGuid().ToString("N")[..8], null, [], CancellationToken.None);
        var job = await _store.CreateJobAsync("J" + Guid.NewGuid().ToString("N")[..8], true, null,
            new ImportJobSettings { Connection = connection.Name, SourceDirectory = "in", FilePattern = "*", TargetList = list.Name, SettlingTime = TimeSpan.Zero, ProcessMissedFiles = true }, CancellationToken.None);

        var run = await new JobRunner(_store).RunAsync(job, preview: false, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(RunStatus.Running, Assert.Single(await _store.GetRunsAsync(job.Id, null, null, CancellationToken.None)).Status);
        Assert.Equal("ten bytes!", await File.ReadAllTextAsync(existing));
        Assert.Equal([existing], Directory.GetFiles(_victims));
        Assert.False(File.Exists("/cj-sftp-up.csv"));
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), "*cj-sftp-*"));
        Assert.True(_server.Opened.Contains("/home/in/good.csv"), $"{run.Status} {run.ErrorId} {run.Error} {string.Join(", ", run.FileResults)}");
        Assert.All(_server.Opened, path => Assert.Matches(@"^/home/in/[^/\\\x00-\x1f]+$", path));
        Assert.DoesNotContain(_server.Opened, path => path is "/home/in/.." or "/home/in/.");
        Assert.Contains(run.FileResults, f => f is { Name: "good.csv", Outcome: FileOutcome.Imported });
    }
}
