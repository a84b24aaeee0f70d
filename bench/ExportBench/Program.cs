using System.Diagnostics;
using System.Globalization;
using ConnectJobs.Data;
using ConnectJobs.Export;
using ConnectJobs.Import;
using ConnectJobs.Locations;
using ConnectJobs.Store;

// Usage: ExportBench <work folder> <rows> prepare|plain|gzip
// prepare: a store whose list "Contacts" holds <rows> generated contacts (prints the list's table);
// plain / gzip: exports the benchmark's 12 columns to <work>/ours.csv[.gz] and prints the rate.
var work = Path.GetFullPath(args[0]);
var rows = long.Parse(args[1], CultureInfo.InvariantCulture);
var storeFolder = Path.Combine(work, $"store-{rows}");
string[] columns = ["EMAIL_ADDRESS_", "CUSTOMER_ID_", "FIRST_NAME", "LAST_NAME", "CITY_", "POSTAL_CODE_", "COUNTRY_", "MOBILE_NUMBER_", "EMAIL_PERMISSION_STATUS_", "LOYALTY_POINTS", "SIGNUP_DATE", "MODIFIED_DATE_"];

if (args[2] == "prepare")
{
    if (Directory.Exists(storeFolder))
    {
        Directory.Delete(storeFolder, recursive: true);
    }

    var file = Path.Combine(work, $"contacts-{rows}.csv");
    if (!File.Exists(file))
    {
        ContactFile.Write(file, 0, rows, seed: 3);
    }

    var created = await OpenAsync();
    var list = await created.CreateListAsync("Contacts", null,
        [new("FIRST_NAME", ColumnType.Text, 50), new("LAST_NAME", ColumnType.Text, 50), new("LOYALTY_POINTS", ColumnType.Number), new("SIGNUP_DATE", ColumnType.Timestamp), new("NOTE", ColumnType.Text, 200)],
        CancellationToken.None);
    var result = await new Importer(created).ImportAsync(list, new ImportRequest(file, new ImportOptions()) { RejectPath = Path.Combine(work, "rejects.csv") }, null, CancellationToken.None);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"list   {result.Inserted} records in {created.Location}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"table  T{list.Id}"));
    return;
}

var compression = args[2] == "gzip" ? Compression.GZip : Compression.None;
var store = await OpenAsync();
var name = compression == Compression.GZip ? "ours.csv.gz" : "ours.csv";
var watch = Stopwatch.StartNew();
var exported = await new Exporter(store).ExportAsync(
    new ExportRequest { Source = new ExportSource { Target = "Contacts", Columns = columns }, Options = new ExportOptions { Compression = compression } },
    new LocalFolder(work), name, null, CancellationToken.None);
var seconds = watch.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{args[2],-6} {exported.Rows} rows, {exported.Bytes / 1048576.0:F1} MB in {seconds:F2} s: {exported.Rows / seconds:F0} rows/s, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result {exported.Rows / seconds:F0}"));

// bench/postgres.sh names a PostgreSQL database in CONNECTJOBS_BENCH_STORE (its password in PGPASSFILE).
async Task<IConnectStore> OpenAsync() => Environment.GetEnvironmentVariable("CONNECTJOBS_BENCH_STORE") is { } postgres
    ? await PostgresStore.OpenAsync(postgres, null, storeFolder, CancellationToken.None)
    : await SqliteStore.OpenAsync(storeFolder, CancellationToken.None);
