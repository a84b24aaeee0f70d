using ConnectJobs.Core.Tests;

namespace ConnectJobs.Module.Tests;

/// <summary>Runners sharing one PostgreSQL store, as several processes (or hosts) do: each due run
/// once, a killed runner's run recorded dead, a stopped server failing a run without losing data.
/// Each test has its own server, since one of them stops it.</summary>
[Trait("Category", TestCategory.Server)]
[Trait("Category", TestCategory.Slow)]
public sealed class PostgresProcessTests : HostProcessTest, IDisposable
{
    private readonly PostgresServer _server = new();
    private readonly string _database;

    public PostgresProcessTests()
        : base("cj-pgrun-")
    {
        _database = _server.CreateDatabase();
        Runners = new Dictionary<string, string?>
        {
            ["CONNECTJOBS_STORE"] = $"postgresql://{PostgresServer.StoreRole}@127.0.0.1:{_server.Port}/{_database}",
            ["PGPASSFILE"] = _server.WritePassFile(Path.Combine(Folder, "pgpass")),
            ["XDG_DATA_HOME"] = Path.Combine(Folder, "data"),
            ["NO_COLOR"] = "1",
        };
    }

    /// <summary>What every runner process gets: the store's URI and the password file, no password.</summary>
    private Dictionary<string, string?> Runners { get; }

    public new void Dispose()
    {
        _server.Dispose();
        base.Dispose();
    }

    private string[] Lines(string command)
    {
        var run = Paths.RunHost(Runners, "-Command", command);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [Fact]
    public async Task Four_ticks_started_together_run_each_of_100_due_jobs_once()
    {
        var outbox = Directory.CreateDirectory(Path.Combine(Folder, "out")).FullName;
        Lines($"New-ConnectList Contacts; $s = New-ConnectSchedule -Cron '* * * * *' -TimeZone UTC; 1..100 | ForEach-Object {{ New-ConnectJob \"J$_\" -Source Contacts -TargetDirectory '{outbox}' -FileName \"j$_.csv\" -NoRunIdPrefix -Schedule $s }} | Out-Null");
        await WaitUntilAsync(() => Paths.RunHost(Runners, "-Command", "@(Get-ConnectJob -Due).Count").Stdout.Trim() == "100", seconds: 75);

        var ticks = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Paths.RunHost(Runners, "-Tick"))));

        Assert.All(ticks, t => Assert.True(t.ExitCode == 0, t.Stderr));
        Assert.Equal(["100", "0", "0"], Lines("$runs = Get-ConnectJobRun; $runs.Count; @($runs | Group-Object JobId | Where-Object Count -ne 1).Count; @($runs | Where-Object Status -ne Succeeded).Count"));
        Assert.Equal(100, Directory.GetFiles(outbox, "j*.csv").Length);
        Assert.Equal(100L, _server.Query(_database, "SELECT count(DISTINCT job_id) FROM run WHERE status = 'Succeeded';"));
    }

    [Fact]
    public async Task A_runner_killed_mid_import_leaves_the_list_as_it_was_and_its_run_is_recorded_dead()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(Folder, "in")).FullName;
        var file = Path.Combine(inbox, "big.csv");
        await File.WriteAllTextAsync(file, "EMAIL_ADDRESS_,FIRST_NAME\n" + string.Concat(Enumerable.Range(0, 1_000_000).Select(i => $"p{i}@example.com,Person {i}\n")));
        Lines($"New-ConnectList Contacts -Column FIRST_NAME | Out-Null; Add-ConnectRecord -List Contacts -InputObject @{{ EMAIL_ADDRESS_ = 'p1@example.com'; FIRST_NAME = 'Before' }}; New-ConnectJob Big -List Contacts -SourceDirectory '{inbox}' -FilePattern '*.csv' | Out-Null");

        using (var doomed = Paths.StartHost(Runners, "-Command", "Invoke-ConnectJob Big"))
        {
            await WaitUntilAsync(() => Convert.ToInt64(_server.Query(_database, "SELECT count(*) FROM run WHERE status = 'Running';"), System.Globalization.CultureInfo.InvariantCulture) == 1);
            await Task.Delay(1500);
            doomed.Kill(entireProcessTree: true);
            await doomed.WaitForExitAsync();
        }

        Assert.True(File.Exists(file));
        Assert.Equal(["1", "Before", "Failed", "ProcessDied"], Lines("(Get-ConnectList Contacts).RecordCount; (Get-ConnectRecord -List Contacts).FIRST_NAME; $r = @(Get-ConnectJobRun -Job Big); $r[0].Status; $r[0].ErrorId"));

        // The next run takes the file that is still there, whole.
        Assert.Equal(["Succeeded", "1000000"], Lines("(Invoke-ConnectJob Big).Status; (Get-ConnectList Contacts).RecordCount"));
    }

    [Fact]
    public async Task A_server_stopped_mid_import_fails_the_run_and_changes_nothing_and_the_next_run_recovers()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(Folder, "in")).FullName;
        var file = Path.Combine(inbox, "big.csv");
        await File.WriteAllTextAsync(file, "EMAIL_ADDRESS_,FIRST_NAME\n" + string.Concat(Enumerable.Range(0, 1_000_000).Select(i => $"p{i}@example.com,Person {i}\n")));
        Lines($"New-ConnectList Contacts -Column FIRST_NAME | Out-Null; Add-ConnectRecord -List Contacts -InputObject @{{ EMAIL_ADDRESS_ = 'p1@example.com'; FIRST_NAME = 'Before' }}; New-ConnectJob Big -List Contacts -SourceDirectory '{inbox}' -FilePattern '*.csv' | Out-Null");

        var runner = Task.Run(() => Paths.RunHost(Runners, "-Command", "Invoke-ConnectJob Big"));
        await WaitUntilAsync(() => Convert.ToInt64(_server.Query(_database, "SELECT count(*) FROM run WHERE status = 'Running';"), System.Globalization.CultureInfo.InvariantCulture) == 1);
        await Task.Delay(1500);
        _server.Crash(TimeSpan.FromSeconds(2));
        var failed = await runner;

        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains($"The store 'postgresql://{PostgresServer.StoreRole}@127.0.0.1:{_server.Port}/{_database}' cannot be opened", failed.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(file));
        Assert.Equal(["1", "Before", "Failed"], Lines("(Get-ConnectList Contacts).RecordCount; (Get-ConnectRecord -List Contacts).FIRST_NAME; @(Get-ConnectJobRun -Job Big)[0].Status"));
        Assert.Equal(["Succeeded", "1000000"], Lines("(Invoke-ConnectJob Big).Status; (Get-ConnectList Contacts).RecordCount"));
    }
}
