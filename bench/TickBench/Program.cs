using System.Diagnostics;
using System.Globalization;
using ConnectJobs.Jobs;
using ConnectJobs.Schedules;
using ConnectJobs.Store;
using Microsoft.Data.Sqlite;

// Usage: TickBench <store folder> <jobs> <days of history>
// Fills a store with <jobs> daily import jobs (none due now) and a run a day for each over <days>,
// then times what a tick reads: the due jobs (Get-ConnectJob -Due), and all jobs with their
// schedule columns (Get-ConnectJob). Prints one line per measurement.
var folder = Path.GetFullPath(args[0]);
var jobs = int.Parse(args[1], CultureInfo.InvariantCulture);
var days = int.Parse(args[2], CultureInfo.InvariantCulture);
if (Directory.Exists(folder))
{
    Directory.Delete(folder, recursive: true);
}

var store = await SqliteStore.OpenAsync(folder, CancellationToken.None);
await store.CreateListAsync("Contacts", null, [], CancellationToken.None);
var fill = Stopwatch.StartNew();
var random = new Random(1);
for (var i = 0; i < jobs; i++)
{
    var job = await store.CreateJobAsync($"Job{i}", true, null, new ImportJobSettings { SourceDirectory = folder, FilePattern = $"j{i}_*.csv", TargetList = "Contacts" }, CancellationToken.None);
    var at = DateTime.UtcNow.AddHours(2 + random.Next(20));
    await store.SetScheduleAsync(job, new JobSchedule { Kind = ScheduleKind.Daily, At = new TimeOnly(at.Hour, at.Minute), TimeZone = "UTC" }, CancellationToken.None);
}

// A year of history, written straight into the run table (as a year of ticks would have left it).
await using (var connection = new SqliteConnection($"Data Source={store.ControlDatabase};Pooling=False"))
{
    await connection.OpenAsync();
    await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
    await using var insert = connection.CreateCommand();
    insert.Transaction = transaction;
    insert.CommandText = "INSERT INTO run (job_id, run_id, status, started, ended, host, pid, pid_started, rows_read, inserted) VALUES ($job, $run, 'Succeeded', $started, $started, 'bench', 1, 'x', 100, 100);";
    var jobId = insert.Parameters.Add("$job", SqliteType.Integer);
    var runId = insert.Parameters.Add("$run", SqliteType.Integer);
    var started = insert.Parameters.Add("$started", SqliteType.Text);
    var first = DateTime.UtcNow.AddDays(-days);
    for (var j = 1; j <= jobs; j++)
    {
        for (var d = 0; d < days; d++)
        {
            jobId.Value = j;
            runId.Value = d + 1;
            started.Value = first.AddDays(d).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
            await insert.ExecuteNonQueryAsync();
        }
    }

    await transaction.CommitAsync();
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store  {jobs} jobs, {(long)jobs * days} runs, made in {fill.Elapsed.TotalSeconds:F1} s"));
double Median(Func<Task> work, int times)
{
    var samples = new List<double>();
    for (var i = 0; i < times; i++)
    {
        var watch = Stopwatch.StartNew();
        work().GetAwaiter().GetResult();
        samples.Add(watch.Elapsed.TotalMilliseconds);
    }

    samples.Sort();
    return samples[samples.Count / 2];
}

var reopened = await SqliteStore.OpenAsync(folder, CancellationToken.None);
var due = 0;
var dueMs = Median(async () => due = (await reopened.GetDueJobsAsync(DateTime.UtcNow, CancellationToken.None)).Count, 21);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"due    {due} due of {jobs} jobs found in a median {dueMs:F1} ms (target < 50 ms)"));
var all = 0;
var allMs = Median(async () => all = (await reopened.GetJobsAsync(CancellationToken.None)).Count, 5);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all    {all} jobs with their schedule columns read in a median {allMs:F1} ms"));
