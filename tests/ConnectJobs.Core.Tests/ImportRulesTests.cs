using ConnectJobs.Events;
using ConnectJobs.Data;
using ConnectJobs.Import;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

public sealed class ImportRulesTests : IClassFixture<TempStore>, IDisposable
{
    private readonly SqliteStore _store;
    private readonly string _folder = Directory.CreateTempSubdirectory("cj-rules-").FullName;

    public ImportRulesTests(TempStore temp) => _store = temp.Store;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<ProfileList> ListAsync() =>
        await _store.CreateListAsync("L" + Guid.NewGuid().ToString("N")[..8], null, [new("SIGNED_UP", ColumnType.Timestamp), new("CUSTOMER_NUMBER", ColumnType.Text, 20)], CancellationToken.None);

    private Task<ImportResult> ImportAsync(DataTarget target, string text, ImportRules rules, IReadOnlyList<string>? match = null)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, text);
        return new Importer(_store).ImportAsync(target, new ImportRequest(path, new ImportOptions { MatchColumns = match ?? [SystemColumns.EmailAddress], Rules = rules })
        {
            RejectPath = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".rejects.csv"),
        }, null, CancellationToken.None);
    }

    private async Task<Dictionary<string, Dictionary<string, object?>>> RecordsAsync(DataTarget list)
    {
        var records = new Dictionary<string, Dictionary<string, object?>>();
        await foreach (var record in _store.ReadRecordsAsync(list, null, 0, null, CancellationToken.None))
        {
            var fields = record.ColumnNames.Zip(record.Values).ToDictionary(p => p.First, p => p.Second);
            records[(string?)fields["EMAIL_ADDRESS_"] ?? (string)fields["MOBILE_NUMBER_"]!] = fields;
        }

        return records;
    }

    [Fact]
    public async Task New_records_get_the_default_permission_status_and_email_format_words_become_codes()
    {
        var list = await ListAsync();
        var rules = new ImportRules { DefaultPermissionStatus = "O", EmailFormatValues = new Dictionary<string, string> { ["html"] = "H", ["Plain"] = "T" } };

        var result = await ImportAsync(list, "EMAIL_ADDRESS_,EMAIL_PERMISSION_STATUS_,EMAIL_FORMAT_\na@example.com,I,HTML\nb@example.com,,plain\nc@example.com,,T\nd@example.com,,x\n", rules);

        Assert.Equal((3L, 1L), (result.Inserted, result.Rejected));
        Assert.Equal(("InvalidCodeValue", 5L), (result.FirstRejects[0].Rule, result.FirstRejects[0].Line));
        var records = await RecordsAsync(list);
        Assert.Equal(("I", "H"), ((string)records["a@example.com"]["EMAIL_PERMISSION_STATUS_"]!, (string)records["a@example.com"]["EMAIL_FORMAT_"]!));
        Assert.Equal(("O", "T"), ((string)records["b@example.com"]["EMAIL_PERMISSION_STATUS_"]!, (string)records["b@example.com"]["EMAIL_FORMAT_"]!));

        // Without the column in the file at all, new records still get the default.
        await ImportAsync(list, "EMAIL_ADDRESS_\ne@example.com\n", rules);
        Assert.Equal("O", (await RecordsAsync(list))["e@example.com"]["EMAIL_PERMISSION_STATUS_"]);
    }

    [Fact]
    public async Task Dates_are_read_in_the_jobs_format_and_a_wrong_one_is_rejected_with_line_and_column()
    {
        var list = await ListAsync();

        var result = await ImportAsync(list, "EMAIL_ADDRESS_,SIGNED_UP\na@example.com,31-01-2026 08:30\nb@example.com,2026-01-31\n", new ImportRules { DateFormat = "dd-MM-yyyy HH:mm" });

        Assert.Equal((1L, 1L), (result.Inserted, result.Rejected));
        var reject = Assert.Single(result.FirstRejects);
        Assert.Equal(("InvalidDate", "SIGNED_UP", 3L), (reject.Rule, reject.Column, reject.Line));
        Assert.Contains("dd-MM-yyyy HH:mm", reject.Message);
        Assert.Equal(new DateTime(2026, 1, 31, 8, 30, 0, DateTimeKind.Utc), (await RecordsAsync(list))["a@example.com"]["SIGNED_UP"]);
    }

    [Fact]
    public async Task Mobile_numbers_are_normalised_to_E164_with_the_default_country_and_required_when_asked()
    {
        var list = await ListAsync();

        var result = await ImportAsync(list, "MOBILE_NUMBER_,CUSTOMER_ID_\n06-1234 5678,1\n+32 470 12 34 56,2\n0044 7700 900123,3\ncall me,4\n,5\n",
            new ImportRules { MobileCountryCode = 31, RequireMobile = true }, [SystemColumns.CustomerId]);

        Assert.Equal((3L, 2L), (result.Inserted, result.Rejected));
        Assert.Equal(["InvalidMobileNumber", "MissingMobile"], result.FirstRejects.Select(r => r.Rule));
        Assert.Equal(["+31612345678", "+32470123456", "+447700900123"], (await RecordsAsync(list)).Keys.Order());

        var noColumn = await Assert.ThrowsAsync<ConnectException>(() => ImportAsync(list, "CUSTOMER_ID_\n9\n", new ImportRules { RequireEmail = true }, [SystemColumns.CustomerId]));
        Assert.Equal("RequiredColumnMissing", noColumn.ErrorId);
    }

    [Fact]
    public async Task Like_named_columns_are_mapped_when_asked_and_said_so()
    {
        var list = await ListAsync();
        const string file = "EMAIL_ADDR,CUST_ID,CUST_NUM\na@example.com,C1,N1\n";

        var strict = await Assert.ThrowsAsync<ConnectException>(() => ImportAsync(list, file, new ImportRules()));
        Assert.Equal("MatchColumnNotMapped", strict.ErrorId);

        var result = await ImportAsync(list, file, new ImportRules { MatchLikeNamedColumns = true });
        Assert.Empty(result.UnmappedColumns);
        Assert.Contains(result.Warnings, w => w.Contains("EMAIL_ADDR → EMAIL_ADDRESS_") && w.Contains("CUST_ID → CUSTOMER_ID_") && w.Contains("CUST_NUM → CUSTOMER_NUMBER"));
        Assert.Equal(("C1", "N1"), ((string)(await RecordsAsync(list))["a@example.com"]["CUSTOMER_ID_"]!, (string)(await RecordsAsync(list))["a@example.com"]["CUSTOMER_NUMBER"]!));
    }

    [Fact]
    public async Task A_changed_permission_status_of_an_existing_record_is_recorded_as_an_event()
    {
        var list = await ListAsync();
        await ImportAsync(list, "EMAIL_ADDRESS_,EMAIL_PERMISSION_STATUS_\na@example.com,I\nb@example.com,O\nc@example.com,I\n", new ImportRules());
        Assert.Empty(await _store.GetEventsAsync(new EventQuery { List = list.Name }, CancellationToken.None));

        await ImportAsync(list, "EMAIL_ADDRESS_,EMAIL_PERMISSION_STATUS_\na@example.com,O\nb@example.com,I\nc@example.com,I\nd@example.com,O\n", new ImportRules());

        var events = await _store.GetEventsAsync(new EventQuery { List = list.Name }, CancellationToken.None);
        Assert.Equal([(1L, "OptedOut"), (2L, "OptedIn")], events.Select(e => (e.Riid!.Value, e.Type)));
        Assert.All(events, e => Assert.EndsWith(".csv", e.Source));
        Assert.Empty(await _store.GetEventsAsync(new EventQuery { List = list.Name, After = events[^1].Captured }, CancellationToken.None));
    }

    [Fact]
    public async Task Status_events_name_the_file_and_none_survive_a_preview()
    {
        var list = await ListAsync();
        await ImportAsync(list, "EMAIL_ADDRESS_,EMAIL_PERMISSION_STATUS_\na@example.com,I\n", new ImportRules());
        var path = Path.Combine(_folder, "o'brien's list.csv");
        File.WriteAllText(path, "EMAIL_ADDRESS_,EMAIL_PERMISSION_STATUS_\na@example.com,O\n");
        var options = new ImportOptions();

        var preview = await new Importer(_store).ImportAsync(list, new ImportRequest(path, options) { Preview = true }, null, CancellationToken.None);
        Assert.Equal(1, preview.Updated);
        Assert.Empty(await _store.GetEventsAsync(new EventQuery { List = list.Name }, CancellationToken.None));

        await new Importer(_store).ImportAsync(list, new ImportRequest(path, options) { RejectPath = path + ".rejects" }, null, CancellationToken.None);
        var recorded = Assert.Single(await _store.GetEventsAsync(new EventQuery { List = list.Name }, CancellationToken.None));
        Assert.Equal(("OptedOut", "o'brien's list.csv"), (recorded.Type, recorded.Source));
    }

    [Theory]
    [InlineData("0612345678", 31, "+31612345678")]
    [InlineData("(555) 123-4567", 1, "+15551234567")]
    [InlineData("+49 151 2345 6789", 31, "+4915123456789")]
    [InlineData("612345678", 31, "+31612345678")]
    public void Mobile_numbers_normalise(string written, int country, string e164)
    {
        Assert.True(MobileNumber.TryNormalize(written, country, out var normal));
        Assert.Equal(e164, normal);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("+0 123 456 789")]
    [InlineData("06-CALL-ME")]
    [InlineData("+1234567890123456")]
    public void Things_that_are_not_mobile_numbers_do_not(string written) => Assert.False(MobileNumber.TryNormalize(written, 31, out _));
}
