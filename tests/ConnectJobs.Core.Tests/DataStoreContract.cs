using ConnectJobs.Data;
using ConnectJobs.Filters;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>The store contract of lists, tables, records and filters, one suite run against each
/// provider (the derived classes open the stores, as <see cref="ControlStoreContract"/>'s do).</summary>
public abstract class DataStoreContract : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _opened = [];

    protected SqlStore Store { get; private set; } = null!;

    protected abstract Task<SqlStore> CreateAsync();

    public async Task InitializeAsync()
    {
        Store = await CreateAsync();
        if (Store is IAsyncDisposable disposable)
        {
            _opened.Add(disposable);
        }
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Lists_and_tables_are_found_in_any_case_renamed_and_given_columns()
    {
        var list = await Store.CreateListAsync("Contacts", "all of them", [new ColumnDefinition("CITY", ColumnType.Text, 100), new ColumnDefinition("AGE", ColumnType.Number)], CancellationToken.None);
        Assert.Equal("Contacts", (await Store.FindTargetAsync("CONTACTS", CancellationToken.None))!.Name);
        Assert.Equal(ErrorIds.TargetExists, (await Assert.ThrowsAsync<ConnectException>(() => Store.CreateListAsync("contacts", null, [], CancellationToken.None))).ErrorId);

        var extension = await Store.CreateTableAsync(new TableDefinition("ContactsExtra", TargetKind.Extension, "contacts", null, [new ColumnDefinition("SHOE_SIZE", ColumnType.Number)], []), CancellationToken.None);
        Assert.Equal("Contacts", extension.List);
        var renamed = await Store.UpdateTargetAsync(list, "People", null, CancellationToken.None);
        Assert.Equal(("People", "all of them"), (renamed.Name, renamed.Description));
        var wider = await Store.AddColumnsAsync(renamed, [new ColumnDefinition("SCORE", ColumnType.Decimal), new ColumnDefinition("SEEN", ColumnType.Timestamp)], CancellationToken.None);
        Assert.Equal(["CITY", "AGE", "SCORE", "SEEN"], wider.Columns.Where(c => !c.IsSystem).Select(c => c.Name));
        Assert.Equal(ErrorIds.ColumnExists, (await Assert.ThrowsAsync<ConnectException>(() => Store.AddColumnsAsync(wider, [new ColumnDefinition("city")], CancellationToken.None))).ErrorId);

        await Store.RemoveTargetAsync(wider, CancellationToken.None);
        Assert.Empty(await Store.GetTargetsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Records_come_back_as_they_went_in_with_their_types_in_the_order_they_were_added()
    {
        var list = await Store.CreateListAsync("L", null, [new ColumnDefinition("CITY"), new ColumnDefinition("AGE", ColumnType.Number), new ColumnDefinition("SCORE", ColumnType.Decimal), new ColumnDefinition("SEEN", ColumnType.Timestamp)], CancellationToken.None);
        var seen = new DateTime(2026, 11, 30, 8, 15, 0, DateTimeKind.Utc);
        Assert.Equal(3, await Store.InsertRecordsAsync(list,
        [
            Record(("EMAIL_ADDRESS_", "b@example.com"), ("CITY", "Paris"), ("AGE", 41), ("SCORE", 2.5m), ("SEEN", seen)),
            Record(("EMAIL_ADDRESS_", "a@example.com"), ("CITY", "paris")),
            Record(("EMAIL_ADDRESS_", "c@example.com"), ("CITY", "Lyon"), ("AGE", "7")),
        ], null, CancellationToken.None));

        var records = await Read(list);
        Assert.Equal(["b@example.com", "a@example.com", "c@example.com"], records.Select(r => V(r, "EMAIL_ADDRESS_")));
        Assert.Equal((41L, 2.5m, (object)seen), ((long)V(records[0], "AGE")!, (decimal)V(records[0], "SCORE")!, V(records[0], "SEEN")!));
        Assert.Equal(7L, V(records[2], "AGE"));
        Assert.Null(V(records[1], "AGE"));
        Assert.Equal(3, ((long)V(records[2], "RIID_")!) - ((long)V(records[0], "RIID_")!) + 1);
        Assert.Equal(["a@example.com", "c@example.com"], (await Read(list, skip: 1)).Select(r => V(r, "EMAIL_ADDRESS_")));
        Assert.Equal(["b@example.com"], (await Read(list, first: 1)).Select(r => V(r, "EMAIL_ADDRESS_")));
        Assert.Equal(3, (await Store.FindTargetAsync("L", CancellationToken.None))!.RecordCount);
    }

    [Fact]
    public async Task A_bad_record_writes_none_and_names_the_record_and_the_rule()
    {
        var list = await Store.CreateListAsync("L", null, [], CancellationToken.None);
        await Store.InsertRecordsAsync(list, [Record(("EMAIL_ADDRESS_", "a@example.com"))], null, CancellationToken.None);
        var table = await Store.CreateTableAsync(new TableDefinition("Prices", TargetKind.Supplemental, null, null, [new ColumnDefinition("SKU"), new ColumnDefinition("PRICE", ColumnType.Decimal)], ["SKU"]), CancellationToken.None);
        var duplicate = await Assert.ThrowsAsync<ConnectException>(() => Store.InsertRecordsAsync(table, [Record(("SKU", "A1"), ("PRICE", 1)), Record(("SKU", "B2")), Record(("SKU", "A1"), ("PRICE", 2))], null, CancellationToken.None));
        Assert.Equal(ErrorIds.DuplicateKey, duplicate.ErrorId);
        Assert.Contains("SKU=A1", duplicate.Message, StringComparison.Ordinal);
        Assert.Empty(await Read(table));

        var extension = await Store.CreateTableAsync(new TableDefinition("LExtra", TargetKind.Extension, "L", null, [new ColumnDefinition("SIZE", ColumnType.Number)], []), CancellationToken.None);
        var unknown = await Assert.ThrowsAsync<ConnectException>(() => Store.InsertRecordsAsync(extension, [Record(("RIID_", 999_999), ("SIZE", 3))], null, CancellationToken.None));
        Assert.Equal(ErrorIds.UnknownRiid, unknown.ErrorId);
        var wrongType = await Assert.ThrowsAsync<ConnectException>(() => Store.InsertRecordsAsync(table, [Record(("SKU", "C3"), ("PRICE", "cheap"))], null, CancellationToken.None));
        Assert.Contains("PRICE", wrongType.Message, StringComparison.Ordinal);
        Assert.Empty(await Read(table));
    }

    [Fact]
    public async Task A_filter_selects_as_PowerShell_compares_across_the_list_and_its_extension()
    {
        var list = await Store.CreateListAsync("L", null, [new ColumnDefinition("CITY"), new ColumnDefinition("AGE", ColumnType.Number)], CancellationToken.None);
        await Store.InsertRecordsAsync(list,
        [
            Record(("EMAIL_ADDRESS_", "a@example.com"), ("CITY", "Paris"), ("AGE", 30)),
            Record(("EMAIL_ADDRESS_", "b@example.com"), ("CITY", "paris"), ("AGE", 50)),
            Record(("EMAIL_ADDRESS_", "c@example.com"), ("CITY", "Pau")),
            Record(("EMAIL_ADDRESS_", "d@example.com"), ("CITY", "Lyon (Rhône)"), ("AGE", 70)),
        ], null, CancellationToken.None);
        var extension = await Store.CreateTableAsync(new TableDefinition("LExtra", TargetKind.Extension, "L", null, [new ColumnDefinition("TIER")], []), CancellationToken.None);
        var riids = (await Read(list)).Select(r => (long)V(r, "RIID_")!).ToList();
        await Store.InsertRecordsAsync(extension, [Record(("RIID_", riids[1]), ("TIER", "Gold")), Record(("RIID_", riids[3]), ("TIER", "gold"))], null, CancellationToken.None);

        Assert.Equal(["a", "b"], await Emails(list, new Comparison("CITY", ComparisonOperator.Eq, Text("PARIS"))));
        Assert.Equal(["a"], await Emails(list, new Comparison("CITY", ComparisonOperator.Eq, Text("Paris"), CaseSensitive: true)));
        Assert.Equal(["a", "b", "c"], await Emails(list, new Comparison("CITY", ComparisonOperator.Like, Text("p*"))));
        Assert.Equal(["c"], await Emails(list, new Comparison("CITY", ComparisonOperator.Like, Text("P?u"), CaseSensitive: true)));
        Assert.Equal(["d"], await Emails(list, new Comparison("CITY", ComparisonOperator.Like, Text("*(Rh[oô]ne)"))));
        Assert.Equal(["a", "c"], await Emails(list, new Comparison("AGE", ComparisonOperator.Lt, new FilterValue(FilterValueKind.Number, "40"))));
        Assert.Equal(["b", "d"], await Emails(list, new Comparison("TIER", ComparisonOperator.Eq, Text("GOLD"))));
        Assert.Equal(["a", "c"], await Emails(list, new Negation(new Membership("TIER", [Text("gold")]))));

        var saved = await Store.CreateFilterAsync("Parisians", list, null, "CITY -eq 'paris'", new Comparison("CITY", ComparisonOperator.Eq, Text("paris")), CancellationToken.None);
        Assert.Equal("L", (await Store.FindFilterAsync("PARISIANS", CancellationToken.None))!.List);
        var missing = await Assert.ThrowsAsync<ConnectException>(() => Store.CreateFilterAsync("Broken", list, null, "NOPE -eq 1", new Comparison("NOPE", ComparisonOperator.Eq, Text("1")), CancellationToken.None));
        Assert.Equal(ErrorIds.FilterColumnNotFound, missing.ErrorId);
        await Store.RemoveFilterAsync(saved, CancellationToken.None);
        Assert.Empty(await Store.GetFiltersAsync(CancellationToken.None));
    }

    private static FilterValue Text(string text) => new(FilterValueKind.Text, text);

    private static object? V(DataRecord record, string column) => record.Values[record.ColumnNames.ToList().IndexOf(column)];

    private async Task<List<string>> Emails(DataTarget list, FilterNode filter) =>
        (await Read(list, filter)).Select(r => ((string)V(r, "EMAIL_ADDRESS_")!).Split('@')[0]).ToList();

    private async Task<List<DataRecord>> Read(DataTarget target, FilterNode? filter = null, long skip = 0, long? first = null)
    {
        var records = new List<DataRecord>();
        await foreach (var record in Store.ReadRecordsAsync(target, filter, skip, first, CancellationToken.None))
        {
            records.Add(record);
        }

        return records;
    }

    private static IReadOnlyDictionary<string, object?> Record(params (string Field, object? Value)[] fields) => fields.ToDictionary(f => f.Field, f => f.Value);
}

/// <summary>The data contract on SQLite.</summary>
public sealed class SqliteDataStoreTests : DataStoreContract
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cj-contract-" + Guid.NewGuid().ToString("N"));

    protected override async Task<SqlStore> CreateAsync() => await SqliteStore.OpenAsync(_folder, CancellationToken.None);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>The data contract on PostgreSQL: a fresh database of a real server per test.</summary>
[Trait("Category", TestCategory.Server)]
public sealed class PostgresDataStoreTests(PostgresServer server) : DataStoreContract, IClassFixture<PostgresServer>
{
    protected override async Task<SqlStore> CreateAsync() =>
        await server.OpenStoreAsync(server.CreateDatabase());
}
