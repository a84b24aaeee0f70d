using ConnectJobs.Data;
using ConnectJobs.Export;
using ConnectJobs.Filters;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>Exports and reads through list filters: PowerShell's comparison rules, extension tables.</summary>
public abstract partial class ExportTests
{
    [Fact]
    public async Task Filters_follow_PowerShell_comparison_rules_including_nulls()
    {
        var list = await ListAsync(("ann@example.com", "Ann", 5), ("bob@example.com", "bob", null), ("cy@example.com", null, 20), ("dee@example.org", "Dee", 100));

        async Task<string[]> EmailsAsync(FilterNode filter)
        {
            var emails = new List<string>();
            await foreach (var record in Store.ReadRecordsAsync(list, filter, 0, null, CancellationToken.None))
            {
                emails.Add(((string)record.Values[record.ColumnNames.ToList().IndexOf("EMAIL_ADDRESS_")]!)[..3].TrimEnd('@'));
            }

            return [.. emails];
        }

        static FilterValue T(string text) => new(FilterValueKind.Text, text);
        static FilterValue N(long n) => new(FilterValueKind.Number, n.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(["ann", "bob"], await EmailsAsync(new Comparison("FIRST_NAME", ComparisonOperator.Like, T("?O*")) is var like ? new AnyOf([like, new Comparison("FIRST_NAME", ComparisonOperator.Eq, T("ANN"))]) : null!));
        Assert.Empty(await EmailsAsync(new Comparison("FIRST_NAME", ComparisonOperator.Eq, T("ANN"), CaseSensitive: true)));
        Assert.Equal(["bob", "cy", "dee"], await EmailsAsync(new Comparison("FIRST_NAME", ComparisonOperator.Ne, T("ann"))));
        Assert.Equal(["ann", "bob"], await EmailsAsync(new Comparison("POINTS", ComparisonOperator.Lt, N(20))));
        Assert.Equal(["cy", "dee"], await EmailsAsync(new Negation(new Comparison("POINTS", ComparisonOperator.Lt, N(20)))));
        Assert.Equal(["cy"], await EmailsAsync(new NullTest("FIRST_NAME")));
        Assert.Equal(["cy"], await EmailsAsync(new Comparison("FIRST_NAME", ComparisonOperator.Eq, T(""))));
        Assert.Equal(["ann", "dee"], await EmailsAsync(new Membership("FIRST_NAME", [T("ANN"), T("dee")])));
        Assert.Equal(["bob", "cy"], await EmailsAsync(new Negation(new Membership("FIRST_NAME", [T("ANN"), T("dee")]))));
        Assert.Equal(["dee"], await EmailsAsync(new AllOf([new Comparison("EMAIL_ADDRESS_", ComparisonOperator.NotLike, T("*.com")), new Comparison("POINTS", ComparisonOperator.Ge, T("100"))])));

        var column = await Assert.ThrowsAsync<ConnectException>(() => EmailsAsync(new NullTest("SHOE_SIZE")));
        Assert.Equal("FilterColumnNotFound", column.ErrorId);
        var type = await Assert.ThrowsAsync<ConnectException>(() => EmailsAsync(new Comparison("POINTS", ComparisonOperator.Gt, T("lots"))));
        Assert.Equal("FilterValueType", type.ErrorId);
    }

    [Fact]
    public async Task A_filter_reaches_into_the_lists_extension_tables_by_column_name()
    {
        var list = await ListAsync(("ann@example.com", "Ann", 5), ("bob@example.com", "Bob", 6));
        var extension = await Store.CreateTableAsync(new TableDefinition(Unique("X"), TargetKind.Extension, list.Name, null, [new("LOYALTY_TIER", ColumnType.Text, 10)], []), CancellationToken.None);
        var ann = (await FirstRecordAsync(list))["RIID_"];
        await Store.InsertRecordsAsync(extension, [new Dictionary<string, object?> { ["RIID_"] = ann, ["LOYALTY_TIER"] = "gold" }], null, CancellationToken.None);
        var filter = await Store.CreateFilterAsync(Unique("Gold"), list, null, "$_.LOYALTY_TIER -eq 'GOLD'", new Comparison("LOYALTY_TIER", ComparisonOperator.Eq, new FilterValue(FilterValueKind.Text, "GOLD")), CancellationToken.None);

        var result = await ExportAsync(new ExportRequest { Source = new ExportSource { Target = list.Name, Filter = filter.Name, Columns = ["EMAIL_ADDRESS_"] } });

        Assert.Equal(1, result.Rows);
        Assert.Equal("EMAIL_ADDRESS_\r\nann@example.com\r\n", Text());

        // An extension table exports with the list's key columns.
        await ExportAsync(new ExportRequest { Source = new ExportSource { Target = extension.Name } }, "ext.csv");
        Assert.StartsWith($"RIID_,EMAIL_ADDRESS_,CUSTOMER_ID_,CREATED_DATE_,MODIFIED_DATE_,LOYALTY_TIER\r\n{ann},ann@example.com,,", Text("ext.csv"));
    }

    private async Task<Dictionary<string, object?>> FirstRecordAsync(DataTarget target)
    {
        await foreach (var record in Store.ReadRecordsAsync(target, null, 0, 1, CancellationToken.None))
        {
            return record.ColumnNames.Zip(record.Values).ToDictionary(p => p.First, p => p.Second);
        }

        throw new InvalidOperationException("no records");
    }
}
