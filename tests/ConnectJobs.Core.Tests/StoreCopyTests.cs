using System.Globalization;
using ConnectJobs.Connections;
using ConnectJobs.Data;
using ConnectJobs.Events;
using ConnectJobs.Filters;
using ConnectJobs.Jobs;
using ConnectJobs.Locations;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>Copy-ConnectStore's engine: a SQLite store moved into a fresh PostgreSQL database of a real
/// server (and back into a folder) keeps every row as it was, and its keys go on from where they were.</summary>
[Trait("Category", TestCategory.Server)]
public sealed class StoreCopyTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempStore _source = new();
    private PostgresStore _destination = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        await _source.InitializeAsync();
        _database = server.CreateDatabase();
        _destination = await server.OpenStoreAsync(_database);
    }

    public async Task DisposeAsync()
    {
        await _destination.DisposeAsync();
        await _source.DisposeAsync();
    }

    [Fact]
    public async Task Everything_a_store_keeps_arrives_as_it_was_and_its_keys_go_on_from_where_they_were()
    {
        var lastEvent = await FillAsync(_source.Store);
        var reports = new List<WorkProgress>();

        var result = await ConnectStore.CopyAsync(_source.Store, _destination, new SynchronousProgress(reports.Add), None);

        Assert.True(result.Verified);
        Assert.Equal((2L, 1L, 1L, 1L, 3L, 6L, 2L), (result.Jobs, result.Connections, result.Groups, result.Runs, result.Targets, result.Records, result.Events));
        Assert.Equal(result.Tables.Count, reports.Count);
        Assert.Contains(result.Tables, t => (t.Target, t.SourceRows, t.DestinationRows) == ("Contacts", 3, 3));
        Assert.Equal(_source.Store.Location, result.Source);
        await AssertSameAsync(_source.Store, _destination);

        // What the destination gives next follows what the source gave: no id, RIID or sequence twice.
        var job = await _destination.CreateJobAsync("Third", true, null, Settings(), None);
        Assert.True(job.Id > (await _source.Store.GetJobsAsync(None)).Max(j => j.Id));
        var contacts = (await _destination.FindTargetAsync("Contacts", None))!;
        await _destination.InsertRecordsAsync(contacts, [Record(("EMAIL_ADDRESS_", "d@example.com"))], null, None);
        Assert.Equal(4L, (await RecordsAsync(_destination, "Contacts")).Last()[0]);
        await _destination.AddEventsAsync([StoredEvent.From(Event("Sent", DateTime.UtcNow, 9))], None);
        Assert.Equal(lastEvent + 1, await _destination.GetLastSequenceAsync(None));
        Assert.NotNull(await _destination.CreateConnectionAsync(Partner() with { Name = "Other" }, "x", None));
    }

    [Fact]
    public async Task A_copy_back_into_a_folder_is_the_same_store_again()
    {
        await FillAsync(_source.Store);
        await ConnectStore.CopyAsync(_source.Store, _destination, null, None);
        var back = new TempStore();
        await back.InitializeAsync();
        try
        {
            var result = await ConnectStore.CopyAsync(_destination, back.Store, null, None);
            Assert.True(result.Verified);
            await AssertSameAsync(_source.Store, back.Store);
            Assert.True((await back.Store.CreateJobAsync("Third", true, null, Settings(), None)).Id > 2);
        }
        finally
        {
            await back.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_destination_with_anything_of_its_own_or_the_source_itself_is_refused_untouched()
    {
        await FillAsync(_source.Store);
        await _destination.CreateListAsync("Theirs", null, [], None);
        var notEmpty = await Assert.ThrowsAsync<ConnectException>(() => ConnectStore.CopyAsync(_source.Store, _destination, null, None));
        Assert.Equal((ErrorIds.StoreNotEmpty, ErrorKind.InvalidOperation), (notEmpty.ErrorId, notEmpty.Kind));
        Assert.Contains(_destination.Location, notEmpty.Message, StringComparison.Ordinal);
        Assert.Equal(["Theirs"], (await _destination.GetTargetsAsync(None)).Select(t => t.Name));
        Assert.Empty(await _destination.GetJobsAsync(None));

        var itself = await _source.OpenAgainAsync();
        var same = await Assert.ThrowsAsync<ConnectException>(() => ConnectStore.CopyAsync(_source.Store, itself, null, None));
        Assert.Equal(ErrorIds.StoreCopySameStore, same.ErrorId);
        Assert.Equal(2, (await _source.Store.GetJobsAsync(None)).Count);
    }

    [Fact]
    public async Task A_copy_stopped_half_way_leaves_the_destination_empty_and_a_later_copy_completes()
    {
        await FillAsync(_source.Store);
        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Status == "Contacts")
            {
                stop.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ConnectStore.CopyAsync(_source.Store, _destination, progress, stop.Token));

        Assert.Empty(await _destination.GetJobsAsync(None));
        Assert.Empty(await _destination.GetTargetsAsync(None));
        Assert.Equal(0L, server.Query(_database, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'T%';"));
        Assert.True((await ConnectStore.CopyAsync(_source.Store, _destination, null, None)).Verified);
        await AssertSameAsync(_source.Store, _destination);
    }

    /// <summary>A store with something of every kind; returns the last event sequence number given
    /// (that event purged, so the copy must carry the number, not a row).</summary>
    private static async Task<long> FillAsync(IConnectStore store)
    {
        var partner = await store.CreateConnectionAsync(Partner(), "s3cret", None);
        var daily = await store.CreateJobAsync("Daily", true, "every day", Settings() with { Connection = partner.Name }, None);
        await store.SetJobSecretAsync(daily, "passphrase", None);
        var feed = await store.CreateJobAsync("Feed", true, null, Settings(), None);
        await store.SetFeedPositionAsync(feed.Id, "SENT", 2, None);
        await store.CreateGroupAsync("Nightly", ["Feed", "Daily"], true, null, None);
        var run = await store.StartRunAsync(daily, None);
        await store.AppendLogAsync(run, LogLevel.Information, "took a.csv", None);
        await store.FinishRunAsync(run with { Status = RunStatus.Succeeded, Files = ["a.csv"], Counts = new Import.RowCounts(RowsRead: 3, Inserted: 3) }, None);
        await store.RecordTransferAsync(new FileTransfer
        {
            Direction = TransferDirection.In, Connection = "Partner", Path = "in/a.csv", Size = 10, LastWriteUtc = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc),
            Sha256 = new string('a', 64), JobId = daily.Id, RunId = run.RunId,
        }, None);

        var contacts = await store.CreateListAsync("Contacts", "all", [new ColumnDefinition("CITY"), new ColumnDefinition("AGE", ColumnType.Number), new ColumnDefinition("SCORE", ColumnType.Decimal), new ColumnDefinition("SEEN", ColumnType.Timestamp)], None);
        await store.InsertRecordsAsync(contacts, [
            Record(("EMAIL_ADDRESS_", "b@example.com"), ("CITY", "Paris"), ("AGE", 41), ("SCORE", 2.5m), ("SEEN", new DateTime(2026, 11, 30, 8, 15, 0, DateTimeKind.Utc))),
            Record(("EMAIL_ADDRESS_", "a@example.com"), ("CITY", "paris")),
            Record(("EMAIL_ADDRESS_", "c@example.com"), ("CITY", "Lyon"), ("AGE", 7))], null, None);
        var extra = await store.CreateTableAsync(new TableDefinition("ContactsExtra", TargetKind.Extension, "Contacts", null, [new ColumnDefinition("SHOE_SIZE", ColumnType.Number)], []), None);
        await store.InsertRecordsAsync(extra, [Record(("RIID_", 2), ("SHOE_SIZE", 44))], null, None);
        var products = await store.CreateTableAsync(new TableDefinition("Products", TargetKind.Supplemental, null, null, [new ColumnDefinition("SKU"), new ColumnDefinition("PRICE", ColumnType.Decimal)], ["SKU"]), None);
        await store.InsertRecordsAsync(products, [Record(("SKU", "A1"), ("PRICE", 1.25m)), Record(("SKU", "B2"))], null, None);
        await store.CreateFilterAsync("Parisians", contacts, null, "CITY -eq 'paris'", new Comparison("CITY", ComparisonOperator.Eq, new FilterValue(FilterValueKind.Text, "paris")), None);

        await store.SetEventRetentionDaysAsync(30, None);
        await store.AddEventsAsync([StoredEvent.From(Event("Sent", DateTime.UtcNow.AddDays(-1), 1)), StoredEvent.From(Event("Opened", DateTime.UtcNow.AddDays(-1), 2)), StoredEvent.From(Event("Clicked", DateTime.UtcNow.AddDays(-40), 3))], None);
        var last = await store.GetLastSequenceAsync(None);
        Assert.Equal(1, (await store.PurgeEventsAsync(DateTime.UtcNow, None)).Purged);
        return last;
    }

    private static async Task AssertSameAsync(IConnectStore expected, IConnectStore actual)
    {
        Assert.Equal(await DefinitionsAsync(expected), await DefinitionsAsync(actual));
        var connection = (await actual.FindConnectionAsync("partner", None))!;
        Assert.Equal("s3cret", await actual.GetConnectionSecretAsync(connection, None));
        Assert.Equal("passphrase", await actual.GetJobSecretAsync((await actual.FindJobAsync("Daily", None))!, None));
        foreach (var name in new[] { "Contacts", "ContactsExtra", "Products" })
        {
            Assert.Equal(await RecordsAsync(expected, name), await RecordsAsync(actual, name));
        }

        Assert.Equal(await EventsAsync(expected), await EventsAsync(actual));
        Assert.Equal(30, await actual.GetEventRetentionDaysAsync(None));
    }

    /// <summary>Definitions, run history, ledger and feed positions as text: ids, stamps and all.</summary>
    private static async Task<string> DefinitionsAsync(IConnectStore store)
    {
        var jobs = await store.GetJobsAsync(None);
        var text = new List<string>();
        foreach (var job in jobs)
        {
            text.Add($"{job.Id} {job.Name} {job.Enabled} {job.Description} {job.Group} {job.Created:O} {job.Modified:O} {job.Settings}");
            text.AddRange((await store.GetRunsAsync(job.Id, null, null, None)).Select(r => $"run {r.RunId} {r.Status} {r.Started:O} {r.Ended:O} {string.Join(",", r.Files)} {r.Inserted}"));
            text.AddRange((await store.GetRunsAsync(job.Id, null, null, None)).SelectMany(r => store.GetRunLogAsync(job.Id, r.RunId, None).Result).Select(l => $"log {l.Time:O} {l.Level} {l.Message}"));
            text.AddRange((await store.GetTransfersAsync(job.Id, null, None)).Select(t => $"ledger {t.Path} {t.Size} {t.RunId} {t.Sha256}"));
            text.AddRange((await store.GetFeedPositionsAsync(job.Id, None)).Select(p => $"position {p.Key} {p.Value}"));
        }

        text.AddRange((await store.GetConnectionsAsync(None)).Select(c => $"{c.Id} {c.Name} {c.Host} {c.User} {c.HasSecret} {c.Created:O}"));
        text.AddRange((await store.GetGroupsAsync(None)).Select(g => $"{g.Id} {g.Name} {string.Join(",", g.Jobs)}"));
        text.AddRange((await store.GetTargetsAsync(None)).Select(t => $"{t.Id} {t.Name} {t.Kind} {t.Created:O} {t.Modified:O} {string.Join(",", t.Columns.Select(c => $"{c.Name}:{c.Type}:{c.IsSystem}:{c.KeyOrdinal}"))}"));
        text.AddRange((await store.GetFiltersAsync(None)).Select(f => $"{f.Name} {f.List} {f.Script}"));
        return string.Join("\n", text);
    }

    private static async Task<List<object?[]>> RecordsAsync(IConnectStore store, string name)
    {
        var rows = new List<object?[]>();
        await foreach (var record in store.ReadRecordsAsync((await store.FindTargetAsync(name, None))!, null, 0, null, None))
        {
            rows.Add([.. record.Values]);
        }

        return rows;
    }

    private static async Task<List<string>> EventsAsync(IConnectStore store) =>
        [.. (await store.GetEventsAsync(new EventQuery(), None)).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Sequence} {e.Type} {e.Riid} {e.Captured:O} {e.Stored:O} {e.Email}"))];

    private static ImportJobSettings Settings() => new() { SourceDirectory = "/srv/in", FilePattern = "x_*.csv", TargetList = "Contacts" };

    private static Connection Partner() => new()
    {
        Id = 0, Name = "Partner", Protocol = ConnectionProtocol.Sftp, Host = "sftp.example.com", Port = 22, User = "user",
        Authentication = ConnectionAuthentication.Password, UploadDirectly = true, RetryCount = 5,
    };

    private static ConnectEvent Event(string type, DateTime captured, long riid) =>
        new() { Type = type, Channel = EventTypes.Find(type).Channel, Captured = captured, Riid = riid, Email = $"r{riid}@example.com", List = "Contacts" };

    private static IReadOnlyDictionary<string, object?> Record(params (string Field, object? Value)[] fields) => fields.ToDictionary(f => f.Field, f => f.Value);
}
