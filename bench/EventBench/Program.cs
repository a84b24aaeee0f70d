using System.Diagnostics;
using System.Globalization;
using System.Text;
using ConnectJobs.Events;
using ConnectJobs.Jobs;
using ConnectJobs.Store;

// Usage: EventBench <work folder> <events> generate|ingest|feed|sql|parse|store
//   generate  writes events-<n>.csv (mixed types, realistic field sizes, 20 % with a user agent)
//   ingest    a fresh store, the file ingested with Import-ConnectEvent's engine
//   feed      a feed of every type in the file, run twice: all events, then nothing new
//   sql       the SELECT a feed runs for a type (the anchor runs the same one in the sqlite3 shell)
//   parse     diagnosis: reading and checking the file alone, without a store
//   store     diagnosis: storing 200,000 events read into memory first
var work = Path.GetFullPath(args[0]);
var count = long.Parse(args[1], CultureInfo.InvariantCulture);
var file = Path.Combine(work, $"events-{count}.csv");
var storeFolder = Path.Combine(work, $"store-{count}");
string[] types = ["Sent", "Opened", "Clicked", "Bounced", "OptedOut"];
switch (args[2])
{
    case "generate":
        Generate(file, count);
        break;
    case "ingest":
        if (Directory.Exists(storeFolder))
        {
            Directory.Delete(storeFolder, recursive: true);
        }

        var store = await SqliteStore.OpenAsync(storeFolder, CancellationToken.None);
        var watch = Stopwatch.StartNew();
        var result = await new EventFile(store).IngestAsync(file, new EventFileOptions(), CancellationToken.None);
        watch.Stop();
        Console.WriteLine($"ingest {result.Added} added, {result.Rejected} rejected in {watch.Elapsed.TotalSeconds:F2} s: {count / watch.Elapsed.TotalSeconds:F0} rows/s");
        Console.WriteLine($"result {count / watch.Elapsed.TotalSeconds:F0}");
        break;
    case "feed":
        var feedStore = await SqliteStore.OpenAsync(storeFolder, CancellationToken.None);
        var outbox = Directory.CreateDirectory(Path.Combine(work, "feed")).FullName;
        var job = await feedStore.FindJobAsync("Feed", CancellationToken.None) ?? await feedStore.CreateJobAsync("Feed", true, null, new ExportJobSettings
        {
            Source = "events", TargetDirectory = outbox, FileName = "{type}.csv", RunIdPrefix = false,
            Feed = new EventFeedSettings { EventTypes = types },
        }, CancellationToken.None);
        foreach (var label in new[] { "all", "nothing new" })
        {
            var run = Stopwatch.StartNew();
            var ended = await new JobRunner(feedStore).RunAsync(job, preview: false, null, CancellationToken.None);
            run.Stop();
            Console.WriteLine($"feed ({label}) {ended.Status} {ended.RowsWritten} rows in {run.Elapsed.TotalSeconds:F2} s{(ended.RowsWritten > 0 ? $": {ended.RowsWritten / run.Elapsed.TotalSeconds:F0} rows/s" : "")}");
            Console.WriteLine($"result-{(label == "all" ? "all" : "none")} {run.Elapsed.TotalSeconds:F3}");
        }

        break;
    case "parse":
        // Diagnosis: reading and checking alone, without the store.
        var parse = Stopwatch.StartNew();
        var parsed = await new EventFile(EventBench.CountingStore.Create()).IngestAsync(file, new EventFileOptions(), CancellationToken.None);
        Console.WriteLine($"parse {parsed.Added} in {parse.Elapsed.TotalSeconds:F2} s");
        break;
    case "store":
        // Diagnosis: storing alone, the events read into memory first.
        var events = new List<StoredEvent>();
        var reader = new EventReader(null, TimeZoneInfo.Utc, "x");
        string[] names = ["EventId", "Type", "Captured", "Riid", "Email", "CampaignId", "LaunchId"];
        foreach (var line in File.ReadLines(file).Skip(1).Take(200_000))
        {
            var parts = line.Split(',');
            var e = reader.Read(0, names.Select((n, i) => new KeyValuePair<string, string?>(n, parts[i])), () => line, out _);
            events.Add(StoredEvent.From(e!));
        }

        if (Directory.Exists(storeFolder + "-s"))
        {
            Directory.Delete(storeFolder + "-s", recursive: true);
        }

        var s2 = await SqliteStore.OpenAsync(storeFolder + "-s", CancellationToken.None);
        var w2 = Stopwatch.StartNew();
        await s2.AddEventsAsync(events, CancellationToken.None);
        Console.WriteLine($"store {events.Count} in {w2.Elapsed.TotalSeconds:F2} s");
        break;
    case "sql":
        Console.WriteLine(string.Join("\n", types.Select(t => $"{t}\t{FeedSql(t)}")));
        break;
}

// The feed's own SELECT, as the store builds it (its columns' expressions), with the sequence bounds filled in.
static string FeedSql(string type)
{
    var method = typeof(SqliteStore).GetMethod("Expression", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
    var columns = FeedLayouts.Columns(FeedLayout.Responsys, type, []).Select(c => (string)method.Invoke(null, [c, 0L])!);
    return $"SELECT {string.Join(", ", columns)} FROM cj_event WHERE type = '{type}' ORDER BY seq;";
}

static void Generate(string path, long count)
{
    var random = new Random(13);
    string[] agents = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"];
    string[] weights = ["Sent", "Sent", "Sent", "Sent", "Opened", "Opened", "Clicked", "Bounced", "OptedOut", "Sent"];
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
    writer.Write("EventId,Type,Captured,Riid,Email,CampaignId,LaunchId,Subject,Url,BounceType,BounceReason,UserAgent,MessageSize\n");
    var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    for (long i = 0; i < count; i++)
    {
        var type = weights[random.Next(weights.Length)];
        var riid = random.Next(1, 2_000_000);
        var time = start.AddSeconds(i * 0.25).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var agent = random.Next(5) == 0 ? agents[random.Next(agents.Length)] : "";
        var url = type == "Clicked" ? $"https://shop.example.com/p/{random.Next(10_000)}?utm_source=mail&utm_campaign=c{riid % 40}" : "";
        var (bounceType, reason) = type == "Bounced" ? (random.Next(3) == 0 ? "H" : "S", "USER_NOT_FOUND") : ("", "");
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"ev-{i:D10},{type},{time},{riid},person{riid}@example.com,{1000 + (riid % 40)},{50_000 + (i / 100_000)},\"Weekly offers, week {i % 52}\",{url},{bounceType},{reason},{(agent.Length > 0 ? "\"" + agent + "\"" : "")},{(type == "Sent" ? 20_000 + random.Next(40_000) : "")}\n"));
    }
}

