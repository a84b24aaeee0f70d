using ConnectJobs.Data;
using ConnectJobs.Import;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>Run against each provider: <see cref="SqliteTableImportTests"/>, <see cref="PostgresTableImportTests"/>.</summary>
public abstract class TableImportTests() : ProviderTest("cj-tables-")
{
    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private string Write(string text)
    {
        var path = Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, text);
        return path;
    }

    private Task<ImportResult> ImportAsync(DataTarget target, string text, bool replaceAll = false, bool insertIntoList = false, bool remove = false, MatchedAction onMatch = MatchedAction.Update) =>
        new Importer(Store).ImportAsync(target, new ImportRequest(Write(text), new ImportOptions { OnMatch = onMatch, ReplaceAll = replaceAll, InsertIntoList = insertIntoList, Remove = remove })
        {
            RejectPath = Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".rejects.csv"),
        }, null, CancellationToken.None);

    private async Task<List<Dictionary<string, object?>>> RowsAsync(DataTarget target)
    {
        var rows = new List<Dictionary<string, object?>>();
        await foreach (var record in Store.ReadRecordsAsync(target, null, 0, null, CancellationToken.None))
        {
            rows.Add(record.ColumnNames.Zip(record.Values).ToDictionary(p => p.First, p => p.Second));
        }

        return rows;
    }

    [Fact]
    public async Task A_supplemental_table_merges_on_its_primary_key_inserts_only_or_replaces_all()
    {
        var products = await Store.CreateTableAsync(new TableDefinition(Unique("Products"), TargetKind.Supplemental, null, null,
            [new("SKU", ColumnType.Text, 20), new("TITLE", ColumnType.Text, 50), new("PRICE", ColumnType.Decimal)], ["SKU"]), CancellationToken.None);

        var first = await ImportAsync(products, "SKU,TITLE,PRICE\nA-1,Mug,7.5\nB-2,Cap,12\n");
        Assert.Equal((2L, 0L), (first.Inserted, first.Updated));

        var merge = await ImportAsync(products, "SKU,TITLE,PRICE\nA-1,Mug,8\nB-2,Cap,12\nC-3,Pen,1\n");
        Assert.Equal((1L, 1L, 1L), (merge.Inserted, merge.Updated, merge.Unchanged));

        var insertOnly = await ImportAsync(products, "SKU,TITLE,PRICE\nA-1,Changed,1\nD-4,Bag,20\n", onMatch: MatchedAction.Skip);
        Assert.Equal((1L, 1L), (insertOnly.Inserted, insertOnly.Skipped));
        Assert.Equal(8.0m, (await RowsAsync(products)).Single(r => (string)r["SKU"]! == "A-1")["PRICE"]);

        var replaced = await ImportAsync(products, "SKU,TITLE,PRICE\nZ-9,Only,1\n", replaceAll: true);
        Assert.Equal((1L, 4L), (replaced.Inserted, replaced.Removed));
        Assert.Equal(["Z-9"], (await RowsAsync(products)).Select(r => (string)r["SKU"]!));
    }

    [Fact]
    public async Task An_extension_table_finds_its_list_records_by_the_lists_match_fields()
    {
        var list = await Store.CreateListAsync(Unique("L"), null, [], CancellationToken.None);
        await Store.InsertRecordsAsync(list, [new Dictionary<string, object?> { ["EMAIL_ADDRESS_"] = "ann@example.com" }], null, CancellationToken.None);
        var prefs = await Store.CreateTableAsync(new TableDefinition(Unique("Prefs"), TargetKind.Extension, list.Name, null, [new("NEWSLETTER", ColumnType.Text, 20)], []), CancellationToken.None);

        var result = await ImportAsync(prefs, "EMAIL_ADDRESS_,NEWSLETTER\nANN@example.com,weekly\nnobody@example.com,daily\n");

        Assert.Equal((1L, 1L), (result.Inserted, result.Rejected));
        var reject = Assert.Single(result.FirstRejects);
        Assert.Equal((3L, "NoListRecord", "nobody@example.com,daily"), (reject.Line, reject.Rule, reject.Record));
        var row = Assert.Single(await RowsAsync(prefs));
        Assert.Equal((1L, "weekly"), ((long)row["RIID_"]!, (string)row["NEWSLETTER"]!));

        var again = await ImportAsync(prefs, "EMAIL_ADDRESS_,NEWSLETTER\nann@example.com,weekly\nnobody@example.com,daily\n", insertIntoList: true);
        Assert.Equal((1L, 1L, 1L, 0L), (again.Inserted, again.Unchanged, again.ListRecordsInserted, again.Rejected));
        Assert.Equal(2, (await Store.FindTargetAsync(list.Name, CancellationToken.None))!.RecordCount);

        var replaced = await ImportAsync(prefs, "EMAIL_ADDRESS_,NEWSLETTER\nann@example.com,monthly\n", replaceAll: true);
        Assert.Equal((1L, 2L), (replaced.Inserted, replaced.Removed));
        Assert.Equal(["monthly"], (await RowsAsync(prefs)).Select(r => (string)r["NEWSLETTER"]!));
    }

    [Fact]
    public async Task A_suppression_list_adds_and_removes_addresses_and_domains_without_regard_to_case()
    {
        var blocklist = await Store.CreateTableAsync(new TableDefinition(Unique("Block"), TargetKind.Suppression, null, null, [], []), CancellationToken.None);
        await Store.InsertRecordsAsync(blocklist, [new Dictionary<string, object?> { ["EMAIL_ADDRESS_"] = "Old@Example.com" }], null, CancellationToken.None);

        var added = await ImportAsync(blocklist, "EMAIL_ADDRESS_,EMAIL_DOMAIN_,REASON_\nold@example.COM,,again\nnew@example.com,,complaint\n,SpamTrap.example,trap\nboth@example.com,both.example,x\n");

        Assert.Equal((2L, 1L, 1L), (added.Inserted, added.Unchanged, added.Rejected));
        Assert.Equal("SuppressionNeedsOneValue", Assert.Single(added.FirstRejects).Rule);
        var entries = (await RowsAsync(blocklist)).Select(r => (string?)r["EMAIL_ADDRESS_"] ?? "@" + r["EMAIL_DOMAIN_"]).Order().ToList();
        Assert.Equal(["@spamtrap.example", "new@example.com", "old@example.com"], entries);

        var removed = await ImportAsync(blocklist, "EMAIL_ADDRESS_\nNEW@example.com\nunknown@example.com\n", remove: true);
        Assert.Equal((1L, 1L), (removed.Removed, removed.Skipped));
        Assert.Equal(2, (await RowsAsync(blocklist)).Count);
    }

    [Fact]
    public async Task Table_options_on_the_wrong_kind_of_target_and_files_without_entries_are_refused()
    {
        var list = await Store.CreateListAsync(Unique("L"), null, [], CancellationToken.None);
        var blocklist = await Store.CreateTableAsync(new TableDefinition(Unique("Block"), TargetKind.Suppression, null, null, [], []), CancellationToken.None);

        Assert.Equal("ImportOptionNotForTarget", (await Assert.ThrowsAsync<ConnectException>(() => ImportAsync(list, "EMAIL_ADDRESS_\na@example.com\n", replaceAll: true))).ErrorId);
        Assert.Equal("ImportOptionNotForTarget", (await Assert.ThrowsAsync<ConnectException>(() => ImportAsync(list, "EMAIL_ADDRESS_\na@example.com\n", remove: true))).ErrorId);
        Assert.Equal("SuppressionNeedsColumn", (await Assert.ThrowsAsync<ConnectException>(() => ImportAsync(blocklist, "REASON_\nx\n"))).ErrorId);
    }

    [Fact]
    public async Task An_expiring_extension_table_is_deleted_when_the_store_opens_after_its_expiry()
    {
        var list = await Store.CreateListAsync(Unique("L"), null, [], CancellationToken.None);
        var campaign = (DataTable)await Store.CreateTableAsync(new TableDefinition(Unique("Spring"), TargetKind.Extension, list.Name, null, [new("VOUCHER", ColumnType.Text, 20)], [], ExpiresInDays: 30), CancellationToken.None);
        Assert.InRange(campaign.Expires!.Value, DateTime.UtcNow.AddDays(29.9), DateTime.UtcNow.AddDays(30));
        Assert.Equal("InvalidExpiry", (await Assert.ThrowsAsync<ConnectException>(() => Store.CreateTableAsync(new TableDefinition(Unique("P"), TargetKind.Supplemental, null, null, [new("SKU", ColumnType.Text, 9)], ["SKU"], ExpiresInDays: 5), CancellationToken.None))).ErrorId);

        // Thirty days on: make it due, as the clock would.
        await DataScalarAsync($"UPDATE cj_target SET expires = '2000-01-01 00:00:00.000' WHERE id = {campaign.Id};");

        // Opened without maintenance (reads, definitions): hidden at once, but not deleted.
        Assert.Null(await WithReopenedAsync(maintained: false, s => s.FindTargetAsync(campaign.Name, CancellationToken.None)));
        Assert.Equal(1, await CountTargetRowsAsync(campaign.Id));

        Assert.Null(await WithReopenedAsync(maintained: true, s => s.FindTargetAsync(campaign.Name, CancellationToken.None)));
        Assert.NotNull(await WithReopenedAsync(maintained: false, s => s.FindTargetAsync(list.Name, CancellationToken.None)));
        Assert.Equal(0, await CountTargetRowsAsync(campaign.Id));
    }

    /// <summary>Opens the same store again (for work: maintained, or not), as another process would.</summary>
    protected abstract Task<IConnectStore> ReopenAsync(bool maintained);

    /// <summary>Runs SQL on the store's data half, past the store, and returns the first value (0 for none).</summary>
    protected abstract Task<long> DataScalarAsync(string sql);

    private async Task<T> WithReopenedAsync<T>(bool maintained, Func<IConnectStore, Task<T>> read)
    {
        var store = await ReopenAsync(maintained);
        try
        {
            return await read(store);
        }
        finally
        {
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    private Task<long> CountTargetRowsAsync(long id) => DataScalarAsync($"SELECT count(*) FROM cj_target WHERE id = {id};");
}

public sealed class SqliteTableImportTests(TempStore temp) : TableImportTests, IClassFixture<TempStore>
{
    protected override Task<IConnectStore> OpenStoreAsync() => Task.FromResult<IConnectStore>(temp.Store);

    protected override async Task<IConnectStore> ReopenAsync(bool maintained) =>
        maintained ? await SqliteStore.OpenAsync(temp.Folder, CancellationToken.None) : await SqliteStore.OpenUnmaintainedAsync(temp.Folder, CancellationToken.None);

    protected override async Task<long> DataScalarAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={temp.Store.DataDatabase};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }
}

[Trait("Category", TestCategory.Server)]
public sealed class PostgresTableImportTests(PostgresServer server) : TableImportTests, IClassFixture<PostgresServer>
{
    private readonly string _database = server.CreateDatabase();

    protected override async Task<IConnectStore> OpenStoreAsync() => await server.OpenStoreAsync(_database);

    protected override async Task<IConnectStore> ReopenAsync(bool maintained)
    {
        var store = await server.OpenStoreAsync(_database);
        if (maintained)
        {
            await store.MaintainAsync(CancellationToken.None);
        }

        return store;
    }

    protected override Task<long> DataScalarAsync(string sql) => Task.FromResult(Convert.ToInt64(server.Query(_database, sql) ?? 0L, System.Globalization.CultureInfo.InvariantCulture));
}
