using ConnectJobs.Events;
using ConnectJobs.Jobs;

namespace ConnectJobs.Core.Tests;

/// <summary>Event feed runs: one file per type in the Responsys layout, incremental by ingestion
/// sequence, one active feed per type.</summary>
/// <remarks>Run against each provider: <see cref="SqliteEventFeedTests"/>, <see cref="PostgresEventFeedTests"/>.</remarks>
public abstract class EventFeedTests(ITestStore temp) : IAsyncLifetime
{
    private readonly ITestStore _temp = temp;
    private string _outbox = "";

    public async Task InitializeAsync()
    {
        await _temp.InitializeAsync();
        _outbox = Directory.CreateDirectory(Path.Combine(_temp.Folder, "out")).FullName;
        await _temp.Store.CreateListAsync("Contacts", null, [], CancellationToken.None);
    }

    public Task DisposeAsync() => _temp.DisposeAsync();

    private Task<EventCounts> AddAsync(params ConnectEvent[] events) => _temp.Store.AddEventsAsync(events.Select(StoredEvent.From), CancellationToken.None);

    private static ConnectEvent Event(string type, string captured, long riid, string? url = null, string? agent = null) =>
        new() { Type = type, Channel = EventTypes.Find(type).Channel, Captured = DateTime.SpecifyKind(DateTime.Parse(captured, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc), Riid = riid, Email = $"r{riid}@example.com", List = "Contacts", CampaignId = "77", Url = url, UserAgent = agent, Properties = new Dictionary<string, string> { ["SEGMENT"] = "gold" } };

    private Task<ConnectJob> FeedAsync(string name, params string[] types) =>
        _temp.Store.CreateJobAsync(name, true, null, new ExportJobSettings
        {
            Source = "events", TargetDirectory = _outbox, FileName = "{account}_{type}_run{yyyy}.txt", RunIdPrefix = false,
            Feed = new EventFeedSettings { EventTypes = types, AccountId = 1234, CustomColumns = ["SEGMENT"] },
        }, CancellationToken.None);

    private string[] Lines(string file) => File.ReadAllLines(Path.Combine(_outbox, file));

    [Fact]
    public async Task A_feed_writes_a_file_per_type_with_the_layouts_columns_and_later_runs_only_what_came_since()
    {
        await AddAsync(Event("Sent", "2026-12-01 09:00:00", 1), Event("Clicked", "2026-12-01 09:30:05", 1, "https://shop.example.com/a,b", "Mozilla/5.0"), Event("Opened", "2026-12-01 09:20:00", 2));
        var job = await FeedAsync("Feed", "Sent", "Clicked");
        var year = DateTime.Now.Year;

        var first = await new JobRunner(_temp.Store).RunAsync(job, preview: false, null, CancellationToken.None);

        Assert.Equal((RunStatus.Succeeded, 2L), (first.Status, first.RowsWritten));
        var clicks = Lines($"1234_CLICK_run{year}.txt");
        Assert.Equal("EVENT_TYPE_ID,ACCOUNT_ID,LIST_ID,RIID,CUSTOMER_ID,EVENT_CAPTURED_DT,EVENT_STORED_DT,CAMPAIGN_ID,LAUNCH_ID,EXTERNAL_CAMPAIGN_ID,EMAIL,OFFER_NAME,OFFER_URL,OS,BROWSER,BROWSER_TYPE,USER_AGENT_STRING,SEGMENT", clicks[0]);
        Assert.StartsWith($"{EventTypes.IdOf("Clicked")},1234,1,1,,01-DEC-2026 09:30:05,", clicks[1]);
        Assert.EndsWith(",77,,,r1@example.com,,\"https://shop.example.com/a,b\",,,,Mozilla/5.0,gold", clicks[1]);
        Assert.Equal(2, Lines($"1234_SENT_run{year}.txt").Length);

        // An event captured long ago but stored now goes in the next file, once; nothing else repeats.
        await AddAsync(Event("Clicked", "2026-11-01 08:00:00", 3, "https://late.example.com"));
        var second = await new JobRunner(_temp.Store).RunAsync(job, preview: false, null, CancellationToken.None);
        Assert.Equal(1L, second.RowsWritten);
        clicks = Lines($"1234_CLICK_run{year}.txt");
        Assert.Equal(2, clicks.Length);
        Assert.Contains("01-NOV-2026 08:00:00", clicks[1]);
        Assert.Single(Lines($"1234_SENT_run{year}.txt"));
        Assert.Equal(2, (await _temp.Store.GetFeedPositionsAsync(job.Id, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task An_event_type_has_one_active_feed_and_feeds_are_not_copied()
    {
        var held = await FeedAsync("Clicks", "Clicked", "Opened");

        var taken = await Assert.ThrowsAsync<ConnectException>(() => FeedAsync("Second", "Sent", "Opened"));
        Assert.Equal(ErrorIds.FeedTypeTaken, taken.ErrorId);
        Assert.Contains("'Clicks'", taken.Message);

        var off = await _temp.Store.CreateJobAsync("Second", false, null, held.Settings, CancellationToken.None);
        Assert.Equal(ErrorIds.FeedTypeTaken, (await Assert.ThrowsAsync<ConnectException>(() => _temp.Store.UpdateJobAsync(off, null, true, null, null, CancellationToken.None))).ErrorId);
        held = await _temp.Store.UpdateJobAsync(held, null, false, null, null, CancellationToken.None);
        Assert.True((await _temp.Store.UpdateJobAsync(off, null, true, null, null, CancellationToken.None)).Enabled);
        Assert.Equal(JobKind.EventFeed, held.Kind);
        Assert.Equal(ErrorIds.FeedNotCopied, (await Assert.ThrowsAsync<ConnectException>(() => _temp.Store.CopyJobAsync(held, "Copy", CancellationToken.None))).ErrorId);
    }

    [Fact]
    public async Task Events_past_the_retention_are_purged_unless_an_enabled_feed_has_not_exported_them()
    {
        await _temp.Store.SetEventRetentionDaysAsync(30, CancellationToken.None);
        var old = DateTime.UtcNow.AddDays(-40).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var recent = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        await AddAsync(Event("Sent", old, 1), Event("Clicked", old, 1), Event("Opened", old, 1), Event("Sent", recent, 2));
        var clicks = await FeedAsync("Clicks", "Clicked");
        await new JobRunner(_temp.Store).RunAsync(clicks, preview: false, null, CancellationToken.None);
        await FeedAsync("Opens", "Opened");

        var purge = await _temp.Store.PurgeEventsAsync(DateTime.UtcNow, CancellationToken.None);

        Assert.Equal(2, purge.Purged);
        Assert.Contains("'Opens'", Assert.Single(purge.HeldBack));
        Assert.Equal([("Opened", old), ("Sent", recent)], (await _temp.Store.GetEventsAsync(new EventQuery(), CancellationToken.None)).Select(e => (e.Type, e.Captured.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(30, await _temp.Store.GetEventRetentionDaysAsync(CancellationToken.None));
    }
}

public sealed class SqliteEventFeedTests() : EventFeedTests(new TempStore());

[Trait("Category", TestCategory.Server)]
public sealed class PostgresEventFeedTests(PostgresServer server) : EventFeedTests(new TempPostgresStore(server)), IClassFixture<PostgresServer>;
