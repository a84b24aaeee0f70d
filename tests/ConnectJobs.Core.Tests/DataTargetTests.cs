using ConnectJobs.Data;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

public class DataTargetTests : IClassFixture<TempStore>
{
    private readonly SqliteStore _store;

    public DataTargetTests(TempStore temp) => _store = temp.Store;

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_list_has_the_system_columns_then_its_own()
    {
        var list = await _store.CreateListAsync(Unique("L"), "desc", [new("first_name", ColumnType.Text, 50), new("POINTS", ColumnType.Number)], CancellationToken.None);
        Assert.Equal(TargetKind.List, list.Kind);
        Assert.Equal(SystemColumns.For(TargetKind.List).Select(c => c.Name).Concat(["FIRST_NAME", "POINTS"]), list.Columns.Select(c => c.Name));
        Assert.Equal(["RIID_"], list.PrimaryKey);
        Assert.Equal("desc", list.Description);
        Assert.Equal(0, list.RecordCount);
        Assert.True(list.Columns.Single(c => c.Name == "EMAIL_ADDRESS_").IsSystem);
        Assert.False(list.Columns.Single(c => c.Name == "POINTS").IsSystem);
    }

    [Fact]
    public async Task Names_are_unique_across_lists_and_tables_whatever_their_case()
    {
        var name = Unique("Shared");
        await _store.CreateListAsync(name, null, null, CancellationToken.None);
        var e = await Assert.ThrowsAsync<ConnectException>(() => _store.CreateTableAsync(new TableDefinition(name.ToUpperInvariant(), TargetKind.Suppression, null, null, [], []), CancellationToken.None));
        Assert.Equal(("TargetExists", ErrorKind.AlreadyExists), (e.ErrorId, e.Kind));
    }

    [Fact]
    public async Task A_system_column_name_cannot_be_reused()
    {
        var e = await Assert.ThrowsAsync<ConnectException>(() => _store.CreateListAsync(Unique("L"), null, [new("EMAIL_ADDRESS_")], CancellationToken.None));
        Assert.Equal("ReservedColumnName", e.ErrorId);
    }

    [Fact]
    public async Task A_failed_creation_leaves_nothing_behind()
    {
        var name = Unique("Ext");
        var e = await Assert.ThrowsAsync<ConnectException>(() => _store.CreateTableAsync(new TableDefinition(name, TargetKind.Extension, "NoSuchList", null, [new("A")], []), CancellationToken.None));
        Assert.Equal("ListNotFound", e.ErrorId);
        Assert.Null(await _store.FindTargetAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task Supplemental_tables_need_a_key_of_their_own_columns()
    {
        var name = Unique("Sup");
        Assert.Equal("PrimaryKeyRequired", (await Assert.ThrowsAsync<ConnectException>(() => _store.CreateTableAsync(new TableDefinition(name, TargetKind.Supplemental, null, null, [new("SKU")], []), CancellationToken.None))).ErrorId);
        Assert.Equal("PrimaryKeyColumnNotFound", (await Assert.ThrowsAsync<ConnectException>(() => _store.CreateTableAsync(new TableDefinition(name, TargetKind.Supplemental, null, null, [new("SKU")], ["NOPE"]), CancellationToken.None))).ErrorId);
        var table = await _store.CreateTableAsync(new TableDefinition(name, TargetKind.Supplemental, null, null, [new("sku"), new("STORE"), new("PRICE", ColumnType.Decimal)], ["STORE", "sku"]), CancellationToken.None);
        Assert.Equal(["STORE", "SKU"], table.PrimaryKey);
    }

    [Fact]
    public async Task Only_extension_tables_name_a_list_and_suppression_lists_take_no_columns()
    {
        var list = await _store.CreateListAsync(Unique("L"), null, null, CancellationToken.None);
        Assert.Equal("ExtensionTableNeedsList", (await Assert.ThrowsAsync<ConnectException>(() => _store.CreateTableAsync(new TableDefinition(Unique("E"), TargetKind.Extension, null, null, [], []), CancellationToken.None))).ErrorId);
        Assert.Equal("ListOnlyForExtension", (await Assert.ThrowsAsync<ConnectException>(() => _store.CreateTableAsync(new TableDefinition(Unique("S"), TargetKind.Suppression, list.Name, null, [], []), CancellationToken.None))).ErrorId);
        Assert.Equal("ColumnsNotAllowed", (await Assert.ThrowsAsync<ConnectException>(() => _store.CreateTableAsync(new TableDefinition(Unique("S"), TargetKind.Suppression, null, null, [new("X")], []), CancellationToken.None))).ErrorId);
        var extension = await _store.CreateTableAsync(new TableDefinition(Unique("E"), TargetKind.Extension, list.Name, null, [new("PREF")], []), CancellationToken.None);
        Assert.Equal(list.Name, extension.List);
        Assert.Equal(["RIID_"], extension.PrimaryKey);
    }

    [Fact]
    public async Task Removing_a_list_removes_its_extension_tables()
    {
        var list = await _store.CreateListAsync(Unique("L"), null, null, CancellationToken.None);
        var extension = await _store.CreateTableAsync(new TableDefinition(Unique("E"), TargetKind.Extension, list.Name, null, [], []), CancellationToken.None);
        await _store.RemoveTargetAsync(list, CancellationToken.None);
        Assert.Null(await _store.FindTargetAsync(list.Name, CancellationToken.None));
        Assert.Null(await _store.FindTargetAsync(extension.Name, CancellationToken.None));
    }

    [Fact]
    public async Task Columns_are_added_all_or_none()
    {
        var list = await _store.CreateListAsync(Unique("L"), null, [new("A")], CancellationToken.None);
        var e = await Assert.ThrowsAsync<ConnectException>(() => _store.AddColumnsAsync(list, [new("B"), new("a")], CancellationToken.None));
        Assert.Equal("ColumnExists", e.ErrorId);
        Assert.DoesNotContain((await _store.FindTargetAsync(list.Name, CancellationToken.None))!.Columns, c => c.Name == "B");
        var updated = await _store.AddColumnsAsync(list, [new("B", ColumnType.Timestamp)], CancellationToken.None);
        Assert.Equal(ColumnType.Timestamp, updated.Columns.Single(c => c.Name == "B").Type);
    }

    [Fact]
    public async Task A_list_can_be_renamed_and_described()
    {
        var list = await _store.CreateListAsync(Unique("L"), "old", null, CancellationToken.None);
        var other = await _store.CreateListAsync(Unique("L"), null, null, CancellationToken.None);
        Assert.Equal("TargetExists", (await Assert.ThrowsAsync<ConnectException>(() => _store.UpdateTargetAsync(list, other.Name, null, CancellationToken.None))).ErrorId);
        var renamed = await _store.UpdateTargetAsync(list, list.Name + "X", null, CancellationToken.None);
        Assert.Equal(("old", list.Id), (renamed.Description, renamed.Id));
        var described = await _store.UpdateTargetAsync(renamed, null, "new", CancellationToken.None);
        Assert.Equal((list.Name + "X", "new"), (described.Name, described.Description));
    }
}
