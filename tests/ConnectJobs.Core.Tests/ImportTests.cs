using ConnectJobs.Data;
using ConnectJobs.Import;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>Run against each provider: <see cref="SqliteImportTests"/>, <see cref="PostgresImportTests"/>.</summary>
public abstract class ImportTests() : ProviderTest("cj-import-")
{
    private string File(string text)
    {
        var path = Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".csv");
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private ImportRequest Request(string path, MatchedAction onMatch = MatchedAction.Update, UnmatchedAction onNoMatch = UnmatchedAction.Insert,
        IReadOnlyDictionary<string, string>? mapping = null, string[]? match = null, bool preview = false) =>
        new(path, new ImportOptions { Mapping = mapping, MatchColumns = match ?? [SystemColumns.EmailAddress], OnMatch = onMatch, OnNoMatch = onNoMatch })
        {
            RejectPath = Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".rejects.csv"),
            Preview = preview,
        };

    private async Task<ProfileList> ListWithAnnAndBobAsync()
    {
        var list = await Store.CreateListAsync("L" + Guid.NewGuid().ToString("N")[..8], null, [new("FIRST_NAME", ColumnType.Text, 20), new("POINTS", ColumnType.Number)], CancellationToken.None);
        await Store.InsertRecordsAsync(list, [
            new Dictionary<string, object?> { ["EMAIL_ADDRESS_"] = "ann@example.com", ["FIRST_NAME"] = "Ann", ["POINTS"] = 1L },
            new Dictionary<string, object?> { ["EMAIL_ADDRESS_"] = "bob@example.com", ["FIRST_NAME"] = "Bob", ["POINTS"] = 2L },
        ], null, CancellationToken.None);
        return (ProfileList)(await Store.FindTargetAsync(list.Name, CancellationToken.None))!;
    }

    private async Task<Dictionary<string, Dictionary<string, object?>>> RecordsAsync(DataTarget list)
    {
        var records = new Dictionary<string, Dictionary<string, object?>>();
        await foreach (var record in Store.ReadRecordsAsync(list, null, 0, null, CancellationToken.None))
        {
            var fields = record.ColumnNames.Zip(record.Values).ToDictionary(p => p.First, p => p.Second);
            records[((string)fields["EMAIL_ADDRESS_"]!).ToLowerInvariant()] = fields;
        }

        return records;
    }

    [Fact]
    public async Task A_file_is_merged_by_the_rules_and_bad_rows_go_to_the_reject_file()
    {
        var list = await ListWithAnnAndBobAsync();
        var before = await RecordsAsync(list);
        await Task.Delay(20);
        var path = File("""
            EMAIL_ADDRESS_,first_name,POINTS,SHOE_SIZE
            ANN@example.com,Annie,1,38
            bob@example.com,Bob,2,44
            cleo@example.com,Cléo,3,39
            not-an-email,X,4,40
            ,Nobody,5,41
            dan@example.com,Dan,6,42
            dan@example.com,Daniel,7,42
            eve@example.com,Eve,lots,36
            fay@example.com,Fay,8
            """);
        var request = Request(path);
        var result = await new Importer(Store).ImportAsync(list, request, null, CancellationToken.None);

        Assert.Equal((9L, 2L, 1L, 1L, 0L, 4L, 1L, true), (result.RowsRead, result.Inserted, result.Updated, result.Unchanged, result.Skipped, result.Rejected, result.DuplicateKeys, result.Committed));
        Assert.Equal(["SHOE_SIZE"], result.UnmappedColumns);
        var after = await RecordsAsync(list);
        Assert.Equal(["ann@example.com", "bob@example.com", "cleo@example.com", "dan@example.com"], after.Keys.Order());
        Assert.Equal("Annie", after["ann@example.com"]["FIRST_NAME"]);
        Assert.Equal("Daniel", after["dan@example.com"]["FIRST_NAME"]);
        Assert.Equal("Cléo", after["cleo@example.com"]["FIRST_NAME"]);

        // MODIFIED_DATE_ moves only for the record that changed; CREATED_DATE_ stays.
        Assert.True((DateTime)after["ann@example.com"]["MODIFIED_DATE_"]! > (DateTime)before["ann@example.com"]["MODIFIED_DATE_"]!);
        Assert.Equal(before["ann@example.com"]["CREATED_DATE_"], after["ann@example.com"]["CREATED_DATE_"]);
        Assert.Equal(before["bob@example.com"]["MODIFIED_DATE_"], after["bob@example.com"]["MODIFIED_DATE_"]);

        Assert.Equal(request.RejectPath, result.RejectFile);
        var rejectLines = System.IO.File.ReadAllLines(result.RejectFile!);
        Assert.Equal("LINE,COLUMN,RULE,MESSAGE,RECORD", rejectLines[0]);
        Assert.Equal(4, rejectLines.Length - 1);
        Assert.StartsWith("5,EMAIL_ADDRESS_,InvalidEmail,", rejectLines[1]);
        Assert.StartsWith("6,EMAIL_ADDRESS_,MissingMatchValue,", rejectLines[2]);
        Assert.StartsWith("9,POINTS,InvalidFieldValue,", rejectLines[3]);
        Assert.EndsWith(",\"eve@example.com,Eve,lots,36\"", rejectLines[3]);
        Assert.StartsWith("10,,FieldCount,", rejectLines[4]);
        Assert.Equal([5L, 6L, 9L, 10L], result.FirstRejects.Select(r => r.Line));
    }

    [Fact]
    public async Task Skip_rules_leave_matched_or_new_records_alone()
    {
        var list = await ListWithAnnAndBobAsync();
        var path = File("EMAIL_ADDRESS_,FIRST_NAME\nann@example.com,Changed\nnew@example.com,New\n");
        var noUpdate = await new Importer(Store).ImportAsync(list, Request(path, onMatch: MatchedAction.Skip), null, CancellationToken.None);
        Assert.Equal((1L, 0L, 1L), (noUpdate.Inserted, noUpdate.Updated, noUpdate.Skipped));
        Assert.Equal("Ann", (await RecordsAsync(list))["ann@example.com"]["FIRST_NAME"]);
        var noInsert = await new Importer(Store).ImportAsync(list, Request(File("EMAIL_ADDRESS_,FIRST_NAME\nann@example.com,Changed\nother@example.com,Other\n"), onNoMatch: UnmatchedAction.Skip), null, CancellationToken.None);
        Assert.Equal((0L, 1L, 1L), (noInsert.Inserted, noInsert.Updated, noInsert.Skipped));
        Assert.DoesNotContain("other@example.com", (await RecordsAsync(list)).Keys);
    }

    [Fact]
    public async Task A_preview_counts_everything_and_changes_nothing()
    {
        var list = await ListWithAnnAndBobAsync();
        var request = Request(File("EMAIL_ADDRESS_,FIRST_NAME,POINTS\nann@example.com,Changed,1\nnew@example.com,New,\nbad,Bad,\nbob@example.com,Bob,2\n"), preview: true);
        var result = await new Importer(Store).ImportAsync(list, request, null, CancellationToken.None);
        Assert.Equal((1L, 1L, 1L, 1L, false), (result.Inserted, result.Updated, result.Unchanged, result.Rejected, result.Committed));

        // The preview shows the rows with what would change: before and after for an update.
        Assert.Equal(
            ["Update line 2 (ann@example.com): FIRST_NAME: Ann -> Changed", "Unchanged line 5 (bob@example.com): ", "Insert line 3 (new@example.com): EMAIL_ADDRESS_ = new@example.com; FIRST_NAME = New"],
            result.Samples.Select(s => s.ToString()));
        Assert.Null(result.RejectFile);
        Assert.False(System.IO.File.Exists(request.RejectPath));
        Assert.False(System.IO.File.Exists(request.RejectPath + ".partial"));
        var records = await RecordsAsync(list);
        Assert.Equal(2, records.Count);
        Assert.Equal("Ann", records["ann@example.com"]["FIRST_NAME"]);
    }

    [Fact]
    public async Task Two_match_columns_must_both_match()
    {
        var list = await Store.CreateListAsync("L" + Guid.NewGuid().ToString("N")[..8], null, [new("FIRST_NAME")], CancellationToken.None);
        await Store.InsertRecordsAsync(list, [new Dictionary<string, object?> { ["EMAIL_ADDRESS_"] = "ann@example.com", ["CUSTOMER_ID_"] = "C1", ["FIRST_NAME"] = "Ann" }], null, CancellationToken.None);
        var result = await new Importer(Store).ImportAsync(list, Request(File("EMAIL_ADDRESS_,CUSTOMER_ID_,FIRST_NAME\nann@example.com,C1,Ann2\nann@example.com,C2,Other\n"), match: ["EMAIL_ADDRESS_", "CUSTOMER_ID_"]), null, CancellationToken.None);
        Assert.Equal((1L, 1L), (result.Inserted, result.Updated));

        // A preview names both match fields, apart.
        var preview = await new Importer(Store).ImportAsync(list, Request(File("EMAIL_ADDRESS_,CUSTOMER_ID_,FIRST_NAME\nann@example.com,C1,Ann3\n"), match: ["EMAIL_ADDRESS_", "CUSTOMER_ID_"], preview: true), null, CancellationToken.None);
        Assert.Equal("Update line 2 (EMAIL_ADDRESS_=ann@example.com, CUSTOMER_ID_=C1): FIRST_NAME: Ann2 -> Ann3", Assert.Single(preview.Samples).ToString());
    }

    [Theory]
    [InlineData("NOT_IN_FILE", "FIRST_NAME", null, "MappedColumnNotInFile")]
    [InlineData("NICK", "NO_SUCH_COLUMN", null, "UnknownMappedColumn")]
    [InlineData("NICK", "CREATED_DATE_", null, "SystemColumnMapped")]
    [InlineData("NICK", "FIRST_NAME", null, "ColumnMappedTwice")]
    [InlineData(null, null, "CUSTOMER_ID_", "MatchColumnNotMapped")]
    public async Task Mapping_mistakes_fail_before_anything_is_loaded(string? from, string? to, string? match, string errorId)
    {
        var list = await ListWithAnnAndBobAsync();
        var mapping = from is null ? null : new Dictionary<string, string> { [from] = to! };
        var path = File("EMAIL_ADDRESS_,FIRST_NAME,NICK\nnew@example.com,New,N\n");
        var e = await Assert.ThrowsAsync<ConnectException>(() => new Importer(Store).ImportAsync(list, Request(path, mapping: mapping, match: match is null ? null : [match]), null, CancellationToken.None));
        Assert.Equal(errorId, e.ErrorId);
        Assert.Equal(2, (await RecordsAsync(list)).Count);
    }

    [Fact]
    public async Task A_file_that_fails_half_way_loads_nothing()
    {
        var list = await ListWithAnnAndBobAsync();
        var e = await Assert.ThrowsAsync<ConnectException>(() => new Importer(Store).ImportAsync(list, Request(File("EMAIL_ADDRESS_,FIRST_NAME\nnew@example.com,New\nann@example.com,\"Changed\nlate@example.com,Late\n")), null, CancellationToken.None));
        Assert.Equal("UnterminatedQuote", e.ErrorId);
        Assert.Empty(Directory.GetFiles(Folder, "*.rejects.csv*"));
        var records = await RecordsAsync(list);
        Assert.Equal(["ann@example.com", "bob@example.com"], records.Keys.Order());
        Assert.Equal("Ann", records["ann@example.com"]["FIRST_NAME"]);
    }

    [Fact]
    public async Task A_cancelled_import_loads_nothing_and_the_connection_is_left_clean()
    {
        var list = await ListWithAnnAndBobAsync();
        var rows = string.Concat(Enumerable.Range(0, 30_000).Select(i => $"p{i}@example.com,P{i}\n"));
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(_ => cancel.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new Importer(Store).ImportAsync(list, Request(File("EMAIL_ADDRESS_,FIRST_NAME\n" + rows)), progress, cancel.Token));
        Assert.Equal(2, (await RecordsAsync(list)).Count);
        var again = await new Importer(Store).ImportAsync(list, Request(File("EMAIL_ADDRESS_,FIRST_NAME\nnew@example.com,New\n")), null, CancellationToken.None);
        Assert.Equal(1L, again.Inserted);
    }
}

public sealed class SqliteImportTests(TempStore temp) : ImportTests, IClassFixture<TempStore>
{
    protected override Task<IConnectStore> OpenStoreAsync() => Task.FromResult<IConnectStore>(temp.Store);
}

[Trait("Category", TestCategory.Server)]
public sealed class PostgresImportTests(PostgresServer server) : ImportTests, IClassFixture<PostgresServer>
{
    protected override async Task<IConnectStore> OpenStoreAsync() => await server.OpenStoreAsync(server.CreateDatabase());
}
