using ConnectJobs.Data;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

public class RecordTests : IClassFixture<TempStore>
{
    private readonly SqliteStore _store;

    public RecordTests(TempStore temp) => _store = temp.Store;

    private static Dictionary<string, object?> Row(params (string Key, object? Value)[] fields) =>
        fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.OrdinalIgnoreCase);

    private Task<int> InsertAsync(DataTarget target, IEnumerable<Dictionary<string, object?>> rows, CancellationToken cancellationToken) =>
        _store.InsertRecordsAsync(target, rows.ToList<IReadOnlyDictionary<string, object?>>(), null, cancellationToken);

    private async Task<List<DataRecord>> ReadAsync(DataTarget target, long skip = 0, long? first = null)
    {
        var records = new List<DataRecord>();
        await foreach (var record in _store.ReadRecordsAsync(target, null, skip, first, CancellationToken.None))
        {
            records.Add(record);
        }

        return records;
    }

    private Task<ProfileList> NewListAsync() =>
        _store.CreateListAsync("L" + Guid.NewGuid().ToString("N")[..8], null, [new("POINTS", ColumnType.Number), new("PRICE", ColumnType.Decimal), new("BORN", ColumnType.Timestamp), new("NICK", ColumnType.Text, 5)], CancellationToken.None);

    [Fact]
    public async Task Records_are_typed_and_stamped_and_read_back_in_order()
    {
        var list = await NewListAsync();
        var before = DateTime.UtcNow.AddSeconds(-1);
        await InsertAsync(list, [
            Row(("email_address_", "ann@example.com"), ("POINTS", "12"), ("PRICE", 7.5), ("BORN", "2001-02-03T04:05:06Z"), ("email_permission_status_", "i")),
            Row(("EMAIL_ADDRESS_", "bob@example.com"), ("NICK", "")),
        ], CancellationToken.None);
        var records = await ReadAsync(list);
        Assert.Equal(2, records.Count);
        var ann = records[0].ColumnNames.Zip(records[0].Values).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal(1L, ann["RIID_"]);
        Assert.Equal("ann@example.com", ann["EMAIL_ADDRESS_"]);
        Assert.Equal(12L, ann["POINTS"]);
        Assert.Equal(7.5m, ann["PRICE"]);
        Assert.Equal(new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc), ann["BORN"]);
        Assert.Equal("I", ann["EMAIL_PERMISSION_STATUS_"]);
        Assert.InRange((DateTime)ann["CREATED_DATE_"]!, before, DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(ann["CREATED_DATE_"], ann["MODIFIED_DATE_"]);
        var bob = records[1].ColumnNames.Zip(records[1].Values).ToDictionary(p => p.First, p => p.Second);
        Assert.Null(bob["NICK"]);
        Assert.Null(bob["POINTS"]);
        Assert.Equal(2, (await _store.FindTargetAsync(list.Name, CancellationToken.None))!.RecordCount);
    }

    [Fact]
    public async Task Progress_is_reported_every_thousand_records()
    {
        var list = await NewListAsync();
        var reports = new List<WorkProgress>();
        var progress = new SynchronousProgress(reports.Add);
        await _store.InsertRecordsAsync(list, Enumerable.Range(1, 2500).Select(i => (IReadOnlyDictionary<string, object?>)Row(("POINTS", i))).ToList(), progress, CancellationToken.None);
        Assert.Equal([1000L, 2000L], reports.Select(r => r.Done));
        Assert.All(reports, r => Assert.Equal(2500, r.Total));
        Assert.Equal(80, reports[1].PercentComplete);
        Assert.Contains(list.Name, reports[0].Activity);
    }

    [Fact]
    public async Task A_cancelled_insert_writes_nothing()
    {
        var list = await NewListAsync();
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(_ => cancel.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _store.InsertRecordsAsync(list, Enumerable.Range(1, 5000).Select(i => (IReadOnlyDictionary<string, object?>)Row(("POINTS", i))).ToList(), progress, cancel.Token));
        Assert.Empty(await ReadAsync(list));
    }

    [Fact]
    public async Task First_and_skip_page_through_records()
    {
        var list = await NewListAsync();
        await InsertAsync(list, Enumerable.Range(1, 10).Select(i => Row(("EMAIL_ADDRESS_", $"p{i}@example.com"))), CancellationToken.None);
        var page = await ReadAsync(list, skip: 3, first: 4);
        Assert.Equal(["p4@example.com", "p5@example.com", "p6@example.com", "p7@example.com"], page.Select(r => (string)r.Values[1]!));
    }

    [Theory]
    [InlineData("NOPE", "x", "UnknownRecordField", "NOPE")]
    [InlineData("RIID_", 5, "SystemFieldNotWritable", "RIID_")]
    [InlineData("CREATED_DATE_", "2020-01-01", "SystemFieldNotWritable", "CREATED_DATE_")]
    [InlineData("POINTS", "twelve", "InvalidFieldValue", "POINTS")]
    [InlineData("POINTS", 1.5, "InvalidFieldValue", "POINTS")]
    [InlineData("PRICE", "NaN", "InvalidFieldValue", "PRICE")]
    [InlineData("BORN", "not a date", "InvalidFieldValue", "BORN")]
    [InlineData("NICK", "toolong", "FieldTooLong", "NICK")]
    [InlineData("EMAIL_FORMAT_", "X", "InvalidCodeValue", "EMAIL_FORMAT_")]
    public async Task One_bad_record_and_none_is_written(string field, object value, string errorId, string column)
    {
        var list = await NewListAsync();
        var e = await Assert.ThrowsAsync<ConnectException>(() => InsertAsync(list, [
            Row(("EMAIL_ADDRESS_", "good@example.com")),
            Row(("EMAIL_ADDRESS_", "bad@example.com"), (field, value)),
        ], CancellationToken.None));
        Assert.Equal(errorId, e.ErrorId);
        Assert.StartsWith("Record 2", e.Message);
        Assert.Contains(column, e.Message);
        Assert.Empty(await ReadAsync(list));
    }

    [Fact]
    public async Task Duplicate_keys_name_the_record_and_the_key()
    {
        var table = await _store.CreateTableAsync(new TableDefinition("T" + Guid.NewGuid().ToString("N")[..8], TargetKind.Supplemental, null, null, [new("SKU"), new("QTY", ColumnType.Number)], ["SKU"]), CancellationToken.None);
        var e = await Assert.ThrowsAsync<ConnectException>(() => InsertAsync(table, [Row(("SKU", "A"), ("QTY", 1)), Row(("SKU", "A"), ("QTY", 2))], CancellationToken.None));
        Assert.Equal(("DuplicateKey", ErrorKind.AlreadyExists), (e.ErrorId, e.Kind));
        Assert.Contains("SKU=A", e.Message);
        Assert.StartsWith("Record 2", e.Message);
        Assert.Equal("MissingKeyField", (await Assert.ThrowsAsync<ConnectException>(() => InsertAsync(table, [Row(("QTY", 2))], CancellationToken.None))).ErrorId);
        Assert.Empty(await ReadAsync(table));
    }

    [Fact]
    public async Task Extension_rows_must_point_at_a_list_record_and_go_with_it()
    {
        var list = await NewListAsync();
        var extension = await _store.CreateTableAsync(new TableDefinition("E" + Guid.NewGuid().ToString("N")[..8], TargetKind.Extension, list.Name, null, [new("PREF")], []), CancellationToken.None);
        await InsertAsync(list, [Row(("EMAIL_ADDRESS_", "a@example.com"))], CancellationToken.None);
        var e = await Assert.ThrowsAsync<ConnectException>(() => InsertAsync(extension, [Row(("RIID_", 99), ("PREF", "x"))], CancellationToken.None));
        Assert.Equal("UnknownRiid", e.ErrorId);
        await InsertAsync(extension, [Row(("RIID_", 1), ("PREF", "weekly"))], CancellationToken.None);
        Assert.Single(await ReadAsync(extension));
    }

    [Fact]
    public async Task Suppression_entries_hold_an_address_or_a_domain_once()
    {
        var table = await _store.CreateTableAsync(new TableDefinition("S" + Guid.NewGuid().ToString("N")[..8], TargetKind.Suppression, null, null, [], []), CancellationToken.None);
        await InsertAsync(table, [Row(("EMAIL_ADDRESS_", "x@example.com")), Row(("EMAIL_DOMAIN_", "spam.example"), ("REASON_", "trap"))], CancellationToken.None);
        Assert.Equal("SuppressionNeedsOneValue", (await Assert.ThrowsAsync<ConnectException>(() => InsertAsync(table, [Row(("REASON_", "none"))], CancellationToken.None))).ErrorId);
        Assert.Equal("DuplicateKey", (await Assert.ThrowsAsync<ConnectException>(() => InsertAsync(table, [Row(("EMAIL_DOMAIN_", "spam.example"))], CancellationToken.None))).ErrorId);
        Assert.Equal(2, (await ReadAsync(table)).Count);
    }

    [Fact]
    public async Task A_long_write_blocks_neither_readers_nor_the_control_database()
    {
        var list = await NewListAsync();
        await using var writer = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_store.DataDatabase};Pooling=False");
        await writer.OpenAsync();
        await using var transaction = writer.BeginTransaction(deferred: false);
        await using (var insert = writer.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO \"T{list.Id}\" (EMAIL_ADDRESS_) VALUES ('uncommitted@example.com');";
            await insert.ExecuteNonQueryAsync();
        }

        // The data file is write-locked: reads still answer at once and see only committed data.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var targets = await _store.GetTargetsAsync(CancellationToken.None);
        Assert.Contains(targets, t => t.Name == list.Name && t.RecordCount == 0);
        Assert.Empty(await ReadAsync(list));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"reads took {watch.Elapsed}");

        // A second writer waits for the lock instead of failing, and goes on once it is free.
        var pending = Task.Run(() => InsertAsync(list, [Row(("EMAIL_ADDRESS_", "later@example.com"))], CancellationToken.None));
        await Task.Delay(300);
        Assert.False(pending.IsCompleted);
        await transaction.CommitAsync();
        await pending;
        Assert.Equal(2, (await ReadAsync(list)).Count);
    }
}
