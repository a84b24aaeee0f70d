using System.Text;
using ConnectJobs.Data;
using ConnectJobs.Jobs;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>Import jobs whose files or surroundings are at fault: a file at fault goes to the failed
/// folder (so it cannot block the job), anything else leaves it, and every run ends with a status.</summary>
public sealed class JobFaultTests : IClassFixture<TempStore>, IDisposable
{
    private readonly SqliteStore _store;
    private readonly string _inbox = Directory.CreateTempSubdirectory("cj-inbox-").FullName;

    public JobFaultTests(TempStore temp) => _store = temp.Store;

    public void Dispose() => Directory.Delete(_inbox, recursive: true);

    private void Drop(string name, byte[] bytes, DateTime? written = null)
    {
        var path = Path.Combine(_inbox, name);
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, written ?? DateTime.UtcNow.AddMinutes(-1));
    }

    private void Drop(string name, string text, DateTime? written = null) => Drop(name, Encoding.UTF8.GetBytes(text), written);

    private async Task<ConnectJob> JobAsync(SqliteStore store, Func<ImportJobSettings, ImportJobSettings>? change = null)
    {
        var list = await store.CreateListAsync("L" + Guid.NewGuid().ToString("N")[..8], null, [new("FIRST_NAME")], CancellationToken.None);
        var settings = new ImportJobSettings { SourceDirectory = _inbox, FilePattern = "contacts_*.csv", TargetList = list.Name };
        return await store.CreateJobAsync("J" + Guid.NewGuid().ToString("N")[..8], enabled: true, null, change?.Invoke(settings) ?? settings, CancellationToken.None);
    }

    public static TheoryData<string, byte[], string> FilesAtFault => new()
    {
        { "a mapped column the file lacks", Encoding.UTF8.GetBytes("EMAIL_ADDRESS_,NAME\na@example.com,A\n"), "MappedColumnNotInFile" },
        { "UTF-16 declared UTF-8", Encoding.Unicode.GetBytes("EMAIL_ADDRESS_,FIRST\na@example.com,A\n"), "NulInFile" },
        { "a NUL in the header", Encoding.UTF8.GetBytes("EMAIL_ADDRESS_,FI\0RST\na@example.com,A\n"), "NulInFile" },
    };

    [Theory]
    [MemberData(nameof(FilesAtFault))]
    public async Task A_file_at_fault_goes_to_the_failed_folder_with_its_reason_and_the_next_file_is_taken(string fault, byte[] bytes, string errorId)
    {
        var job = await JobAsync(_store, s => s with { Options = s.Options with { Mapping = new Dictionary<string, string> { ["FIRST"] = "FIRST_NAME" } } });
        Drop("contacts_1.csv", bytes, DateTime.UtcNow.AddMinutes(-2));
        Drop("contacts_2.csv", "EMAIL_ADDRESS_,FIRST\nb@example.com,B\n");
        var runner = new JobRunner(_store);

        var failed = await runner.RunAsync(job, preview: false, null, CancellationToken.None);

        Assert.True((RunStatus.Failed, errorId) == (failed.Status, failed.ErrorId), fault + ": " + failed.Error);
        Assert.Equal([new RunFile("contacts_1.csv", FileOutcome.Failed, errorId)], failed.FileResults);
        Assert.Equal(failed.FileResults, Assert.Single(await _store.GetRunsAsync(job.Id, null, null, CancellationToken.None)).FileResults);
        Assert.False(File.Exists(Path.Combine(_inbox, "contacts_1.csv")));
        Assert.Contains("contacts_1.csv", await File.ReadAllTextAsync(Path.Combine(_inbox, "failed", "contacts_1.csv.reason.txt")));
        var next = await runner.RunAsync(job, preview: false, null, CancellationToken.None);
        Assert.Equal((RunStatus.Succeeded, 1L, "contacts_2.csv"), (next.Status, next.Inserted, next.Files.Single()));
    }

    [Fact]
    public async Task An_error_nobody_expected_ends_the_run_Failed_and_releases_the_job()
    {
        // A store whose rejects folder cannot be made (a file is in the way): writing the reject file
        // throws an IOException that no code maps.
        var temp = new TempStore();
        await temp.InitializeAsync();
        try
        {
            await File.WriteAllTextAsync(temp.Store.RejectFolder, "in the way");
            var job = await JobAsync(temp.Store);
            Drop("contacts_1.csv", "EMAIL_ADDRESS_,FIRST_NAME\nnot-an-address,A\n");
            var runner = new JobRunner(temp.Store);

            var run = await runner.RunAsync(job, preview: false, null, CancellationToken.None);

            Assert.Equal((RunStatus.Failed, "UnexpectedError"), (run.Status, run.ErrorId));
            Assert.Contains("IOException", run.Error);
            var log = await temp.Store.GetRunLogAsync(job.Id, run.RunId, CancellationToken.None);
            Assert.Contains(log, l => l.Level == LogLevel.Error && l.Message.Contains(temp.Store.RejectFolder));
            Assert.Equal(RunStatus.Failed, Assert.Single(await temp.Store.GetRunsAsync(job.Id, null, null, CancellationToken.None)).Status);
            // The job is not locked: the file stays (not the file's fault) and the next run starts.
            Assert.True(File.Exists(Path.Combine(_inbox, "contacts_1.csv")));
            Assert.Equal(run.RunId + 1, (await runner.RunAsync(job, preview: false, null, CancellationToken.None)).RunId);
        }
        finally
        {
            await temp.DisposeAsync();
        }
    }

    [Fact]
    public async Task Missed_files_of_earlier_dates_are_taken_oldest_first_with_a_dated_pattern()
    {
        var job = await JobAsync(_store, s => s with { FilePattern = "contacts_{yyyyMMdd}*.csv", ProcessMissedFiles = true });
        var today = DateTime.Now;
        Drop($"contacts_{today:yyyyMMdd}.csv", "EMAIL_ADDRESS_,FIRST_NAME\nc@example.com,C\n", DateTime.UtcNow.AddMinutes(-1));
        Drop($"contacts_{today.AddDays(-1):yyyyMMdd}_b.csv", "EMAIL_ADDRESS_,FIRST_NAME\nb@example.com,B\n", DateTime.UtcNow.AddDays(-1));
        Drop($"contacts_{today.AddDays(-2):yyyyMMdd}.csv", "EMAIL_ADDRESS_,FIRST_NAME\na@example.com,A\n", DateTime.UtcNow.AddDays(-2));
        Drop("contacts_latest.csv", "EMAIL_ADDRESS_,FIRST_NAME\nx@example.com,X\n");

        var run = await new JobRunner(_store).RunAsync(job, preview: false, null, CancellationToken.None);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal([$"contacts_{today.AddDays(-2):yyyyMMdd}.csv", $"contacts_{today.AddDays(-1):yyyyMMdd}_b.csv", $"contacts_{today:yyyyMMdd}.csv"], run.Files);
        Assert.True(File.Exists(Path.Combine(_inbox, "contacts_latest.csv")));
    }
}
