using System.Diagnostics;
using System.Globalization;
using ConnectJobs.Data;
using ConnectJobs.Import;
using ConnectJobs.Store;

// Usage: ImportBench <work folder> <rows> [shuffled]
// The list holds <rows> records (c0 … c{rows-1}); the incoming file has <rows> rows starting at
// rows/2, so about half of them match. Prints one line per measurement. With CONNECTJOBS_BENCH_STORE
// (a PostgreSQL connection string), the list is in that database instead of a SQLite store.
var work = Path.GetFullPath(args[0]);
var rows = long.Parse(args[1], CultureInfo.InvariantCulture);
Directory.CreateDirectory(work);
var baseFile = Path.Combine(work, $"base-{rows}.csv");
var shuffled = args.Length > 2 && args[2] == "shuffled";
var incoming = Path.Combine(work, shuffled ? $"incoming-{rows}-shuffled.csv" : $"incoming-{rows}.csv");
if (!File.Exists(baseFile))
{
    ContactFile.Write(baseFile, 0, rows, seed: 1);
}

if (!File.Exists(incoming))
{
    ContactFile.Write(incoming, rows / 2, rows, seed: 2, shuffled);
}

var storeFolder = Path.Combine(work, $"store-{rows}");
if (Directory.Exists(storeFolder))
{
    Directory.Delete(storeFolder, recursive: true);
}

// bench/postgres.sh names an empty PostgreSQL database here (its password in PGPASSFILE).
var postgres = Environment.GetEnvironmentVariable("CONNECTJOBS_BENCH_STORE");
IConnectStore store = postgres is null
    ? await SqliteStore.OpenAsync(storeFolder, CancellationToken.None)
    : await PostgresStore.OpenAsync(postgres, null, storeFolder, CancellationToken.None);
var list = await store.CreateListAsync("Contacts", null,
    [new("FIRST_NAME", ColumnType.Text, 50), new("LAST_NAME", ColumnType.Text, 50), new("LOYALTY_POINTS", ColumnType.Number), new("SIGNUP_DATE", ColumnType.Timestamp), new("NOTE", ColumnType.Text, 200)],
    CancellationToken.None);

ImportRequest Request(string path) => new(path, new ImportOptions()) { RejectPath = Path.Combine(work, "rejects.csv") };

var fill = Stopwatch.StartNew();
var filled = await new Importer(store).ImportAsync(list, Request(baseFile), null, CancellationToken.None);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fill   {filled.Inserted} rows inserted into an empty list in {fill.Elapsed.TotalSeconds:F2} s ({filled.Inserted / fill.Elapsed.TotalSeconds:F0} rows/s), peak working set so far {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB"));

var merge = Stopwatch.StartNew();
var merged = await new Importer(store).ImportAsync(list, Request(incoming), null, CancellationToken.None);
var seconds = merge.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"merge  {merged.RowsRead} rows ({merged.Inserted} inserted, {merged.Updated} updated, {merged.Unchanged} unchanged, {merged.Rejected} rejected) in {seconds:F2} s: {merged.RowsRead / seconds:F0} rows/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak   working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result {merged.RowsRead / seconds:F0}"));
