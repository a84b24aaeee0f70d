using ConnectJobs.Data;
using ConnectJobs.Export;
using ConnectJobs.Locations;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>A PostgreSQL store hands a plain CSV export to the server's own CSV writer (COPY … (FORMAT
/// csv)) and passes its text on; every other export goes value by value. Either way the file is byte
/// for byte the one a SQLite store writes from the same records (copied across with Copy-ConnectStore).</summary>
[Trait("Category", TestCategory.Server)]
public sealed class ExportParityTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private static readonly string?[] Names =
    [
        "plain", "with,comma", "with \"quote\"", "line\nbreak", "crlf\r\ninside", "lone\rcr", "", null, "emoji 😀 名前", " spaced ", "'single'",
        "semi;colon", "tab\there", "pipe|bar", "\\.", "=1+2", "\"", "ends with quote\"",
    ];

    private readonly TempStore _sqlite = new();
    private PostgresStore _postgres = null!;

    public async Task InitializeAsync()
    {
        await _sqlite.InitializeAsync();
        _postgres = await server.OpenStoreAsync(server.CreateDatabase());
        var list = await _sqlite.Store.CreateListAsync("Contacts", null, [new ColumnDefinition("NAME"), new ColumnDefinition("POINTS", ColumnType.Number), new ColumnDefinition("SEEN", ColumnType.Timestamp), new ColumnDefinition("SCORE", ColumnType.Decimal)], CancellationToken.None);
        await _sqlite.Store.InsertRecordsAsync(list, Names.Select((n, i) => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["EMAIL_ADDRESS_"] = $"p{i}@example.com", ["NAME"] = n, ["POINTS"] = i % 3 == 0 ? null : (long?)(i - 5) * 1_000_000_007L,
            ["SEEN"] = i % 4 == 0 ? null : new DateTime(2026, 1, 31, 8, i, 5, 123, DateTimeKind.Utc), ["SCORE"] = i % 2 == 0 ? null : i * 1.5m,
        }).ToList(), null, CancellationToken.None);
        await ConnectStore.CopyAsync(_sqlite.Store, _postgres, null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        await _sqlite.DisposeAsync();
    }

    public static TheoryData<string, OutboundFormat, bool, string> Formats() => new()
    {
        { "default", new OutboundFormat(), false, "" },
        { "LF, semicolons, apostrophes, no header", new OutboundFormat { LineEnding = LineEnding.Lf, Delimiter = ';', Quote = '\'', Header = false }, false, "" },
        { "tabs with a byte order mark", new OutboundFormat { Delimiter = '\t', ByteOrderMark = true }, false, "" },
        { "pipes", new OutboundFormat { Delimiter = '|' }, false, "" },
        { "value by value: decimals", new OutboundFormat(), false, "SCORE" },
        { "value by value: a date format and zone", new OutboundFormat { DateFormat = "dd/MM/yyyy HH:mm", TimeZone = "Europe/Amsterdam" }, false, "" },
        { "value by value: formulas escaped", new OutboundFormat(), true, "" },
        { "value by value: one column", new OutboundFormat(), false, "NAME only" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_PostgreSQL_export_is_byte_for_byte_a_SQLite_export_of_the_same_records(string what, OutboundFormat format, bool escapeFormulas, string columns)
    {
        string[] chosen = columns switch
        {
            "NAME only" => ["NAME"],
            "SCORE" => ["EMAIL_ADDRESS_", "NAME", "SCORE", "POINTS"],
            _ => ["RIID_", "EMAIL_ADDRESS_", "NAME", "POINTS", "SEEN", "MODIFIED_DATE_"],
        };
        var request = new ExportRequest
        {
            Source = new ExportSource { Target = "Contacts", Columns = chosen },
            Options = new ExportOptions { Format = format, Protection = new ValueProtection { EscapeFormulas = escapeFormulas } },
        };

        var expected = await ExportAsync(_sqlite.Store, request);
        var actual = await ExportAsync(_postgres, request);

        Assert.True(expected.Length > 100, what);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
    }

    private async Task<byte[]> ExportAsync(IConnectStore store, ExportRequest request)
    {
        var name = Guid.NewGuid().ToString("N") + ".csv";
        var result = await new Exporter(store).ExportAsync(request, new LocalFolder(_sqlite.Folder), name, null, CancellationToken.None);
        Assert.Equal(Names.Length, result.Rows);
        return await File.ReadAllBytesAsync(Path.Combine(_sqlite.Folder, name));
    }
}
