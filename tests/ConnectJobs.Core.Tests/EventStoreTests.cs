using ConnectJobs.Events;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>The event store and event files: sequences, duplicates, rejects, time zones.</summary>
/// <remarks>Run against each provider: <see cref="SqliteEventStoreTests"/>, <see cref="PostgresEventStoreTests"/>.</remarks>
public abstract class EventStoreTests() : ProviderTest("cj-events-")
{
    private string Drop(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<EventIngestResult> IngestAsync(string path, EventFileOptions? options = null) =>
        new EventFile(Store).IngestAsync(path, options ?? new EventFileOptions { TimeZone = "Europe/Amsterdam" }, CancellationToken.None);

    private Task<IReadOnlyList<ConnectEvent>> AllAsync(EventQuery? query = null) => Store.GetEventsAsync(query ?? new EventQuery(), CancellationToken.None);

    [Fact]
    public async Task A_file_is_stored_with_its_mapping_and_custom_columns_and_rows_that_cannot_be_read_are_rejected()
    {
        var file = Drop("events.csv", """
            EVENT_UUID,EVENT_TYPE,EVENT_CAPTURED_DT,RIID,EMAIL,CAMPAIGN_ID,USER_AGENT,SEGMENT
            e1,Sent,2026-12-01T09:00:00Z,1,ann@example.com,C7,,gold
            e2,Opened,2026-12-01 10:30:00,1,ann@example.com,C7,"Mozilla/5.0 (X11, Linux)",gold
            e3,Teleported,2026-12-01T11:00:00Z,2,bob@example.com,C7,,
            e4,Clicked,yesterday,2,bob@example.com,C7,,
            e5,Clicked,2026-12-01T11:00:00Z,,,C7,,
            e6,smsopted out,2026-12-01T11:00:00Z,3,,C7,,
            """);
        var map = new Dictionary<string, string> { ["EVENT_UUID"] = "EventId", ["EVENT_TYPE"] = "Type", ["EVENT_CAPTURED_DT"] = "Captured", ["USER_AGENT"] = "UserAgent" };

        var result = await IngestAsync(file, new EventFileOptions { Map = map, TimeZone = "Europe/Amsterdam" });

        Assert.Equal((6L, 2L, 0L), (result.Rows, result.Added, result.Duplicates));
        Assert.Equal(
            [(4L, "EVENT_TYPE", "UnknownEventType"), (5L, "EVENT_CAPTURED_DT", "InvalidTimestamp"), (6L, null, "RequiredColumnMissing"), (7L, "EVENT_TYPE", "UnknownEventType")],
            result.Rejects.Select(r => (r.Line, r.Column, r.Rule)));
        Assert.Contains("Sent, Failed, Bounced", result.Rejects[0].Message);
        Assert.StartsWith("e3,Teleported,", result.Rejects[0].Record);
        Assert.Equal(1, result.WithoutOffset);

        var events = await AllAsync();
        Assert.Equal(["Sent", "Opened"], events.Select(e => e.Type));
        Assert.True(events[0].Sequence < events[1].Sequence);
        Assert.Equal(new DateTime(2026, 12, 1, 9, 30, 0, DateTimeKind.Utc), events[1].Captured);
        Assert.Equal(("e2", 1L, "ann@example.com", "C7", "Mozilla/5.0 (X11, Linux)"), (events[1].EventId, events[1].Riid!.Value, events[1].Email, events[1].CampaignId, events[1].UserAgent));
        Assert.Equal("gold", events[1].Properties["SEGMENT"]);
        Assert.Equal((EventChannel.Email, "events.csv"), (events[1].Channel, events[1].Source));
    }

    [Fact]
    public async Task An_event_id_is_stored_once_across_files_and_within_one()
    {
        var first = Drop("a.csv", "EventId,Type,Captured,Riid\nx1,Sent,2026-12-01T09:00:00Z,1\nx2,Sent,2026-12-01T09:00:00Z,2\n");
        var again = Drop("b.csv", "EventId,Type,Captured,Riid\nx2,Sent,2026-12-01T09:00:00Z,2\nx3,Opened,2026-12-01T09:05:00Z,2\nx3,Opened,2026-12-01T09:05:00Z,2\n,Opened,2026-12-01T09:06:00Z,2\n");

        Assert.Equal((2L, 0L), ((await IngestAsync(first)).Added, (await IngestAsync(first)).Duplicates - 2));
        var second = await IngestAsync(again);

        Assert.Equal((2L, 2L), (second.Added, second.Duplicates));
        var events = await AllAsync();
        Assert.Equal(["x1", "x2", "x3", null], events.Select(e => e.EventId));
        Assert.Equal(events.Select(e => e.Sequence).Order(), events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_file_without_a_required_column_stores_nothing_and_names_the_column()
    {
        var file = Drop("nokey.csv", "Type,Captured,Campaign\nSent,2026-12-01T09:00:00Z,C1\n");

        var e = await Assert.ThrowsAsync<ConnectException>(() => IngestAsync(file));

        Assert.Equal(ErrorIds.RequiredColumnMissing, e.ErrorId);
        Assert.Contains("Riid or CustomerId or Email or Mobile", e.Message);
        Assert.Contains("nokey.csv", e.Message);
        Assert.Empty(await AllAsync());
    }

    [Fact]
    public async Task JSON_Lines_take_nested_properties_and_a_line_that_is_not_an_object_is_rejected()
    {
        var file = Drop("events.jsonl", """
            {"EventId":"j1","Type":"PushOpened","Captured":"2026-12-01T08:00:00+01:00","CustomerId":"K-9","MessageSize":512,"Properties":{"app":"shop"}}
            not json at all
            {"EventId":"j2","Type":"Custom","CustomType":"LoyaltyUpgrade","Captured":"2026-12-01T08:01:00Z","Riid":4}
            """);

        var result = await IngestAsync(file, new EventFileOptions { Format = EventFileFormat.JsonLines });

        Assert.Equal((3L, 2L), (result.Rows, result.Added));
        Assert.Equal((2L, "InvalidFileFormat", "not json at all"), (result.Rejects.Single().Line, result.Rejects.Single().Rule, result.Rejects.Single().Record));
        var events = await AllAsync();
        Assert.Equal((EventChannel.Push, new DateTime(2026, 12, 1, 7, 0, 0, DateTimeKind.Utc), "K-9", 512L, "shop"), (events[0].Channel, events[0].Captured, events[0].CustomerId, events[0].MessageSize!.Value, events[0].Properties["app"]));
        Assert.Equal(("Custom", "LoyaltyUpgrade", EventChannel.Audit), (events[1].Type, events[1].CustomType, events[1].Channel));

        Assert.Single(await AllAsync(new EventQuery { Types = ["Custom"] }));
        Assert.Single(await AllAsync(new EventQuery { Channel = EventChannel.Push }));
        Assert.Single(await AllAsync(new EventQuery { Riid = 4 }));
        Assert.Single(await AllAsync(new EventQuery { After = new DateTime(2026, 12, 1, 7, 30, 0, DateTimeKind.Utc) }));
        Assert.Single(await AllAsync(new EventQuery { First = 1 }));
    }
}

public sealed class SqliteEventStoreTests : EventStoreTests
{
    private readonly TempStore _temp = new();

    protected override async Task<IConnectStore> OpenStoreAsync()
    {
        await _temp.InitializeAsync();
        return _temp.Store;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _temp.DisposeAsync();
    }
}

[Trait("Category", TestCategory.Server)]
public sealed class PostgresEventStoreTests(PostgresServer server) : EventStoreTests, IClassFixture<PostgresServer>
{
    protected override async Task<IConnectStore> OpenStoreAsync() => await server.OpenStoreAsync(server.CreateDatabase());
}
