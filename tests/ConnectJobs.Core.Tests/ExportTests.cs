using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using ConnectJobs.Data;
using ConnectJobs.Export;
using ConnectJobs.Import;
using ConnectJobs.Locations;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>The exporter: the CSV it writes, compression, PGP, delivery and incremental reads
/// (ExportTests.Filters.cs: exports through list filters).</summary>
/// <remarks>Run against each provider: <see cref="SqliteExportTests"/>, <see cref="PostgresExportTests"/>.</remarks>
public abstract partial class ExportTests(Gpg gpg) : ProviderTest("cj-export-")
{
    private readonly Gpg _gpg = gpg;

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private async Task<ProfileList> ListAsync(params (string Email, string? Name, long? Points)[] records)
    {
        var list = await Store.CreateListAsync(Unique("L"), null, [new("FIRST_NAME", ColumnType.Text, 100), new("POINTS", ColumnType.Number)], CancellationToken.None);
        if (records.Length > 0)
        {
            await Store.InsertRecordsAsync(list, records.Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
            {
                ["EMAIL_ADDRESS_"] = r.Email, ["FIRST_NAME"] = r.Name, ["POINTS"] = r.Points,
            }).ToList(), null, CancellationToken.None);
        }

        return list;
    }

    private Task<ExportResult> ExportAsync(ExportRequest request, string name = "out.csv", string? folder = null) =>
        new Exporter(Store).ExportAsync(request, new LocalFolder(folder ?? Folder), name, null, CancellationToken.None);

    private static ExportRequest Columns(DataTarget target, params string[] columns) =>
        new() { Source = new ExportSource { Target = target.Name, Columns = columns } };

    private string Text(string name = "out.csv") => File.ReadAllText(Path.Combine(Folder, name));

    [Fact]
    public async Task Fields_are_enclosed_only_where_needed_and_read_back_exactly()
    {
        string?[] names = ["plain", "with,comma", "with \"quote\"", "line\nbreak", "carriage\rreturn", null, "Ünïcødé 名前", " spaced "];
        var list = await ListAsync(names.Select((n, i) => ($"p{i}@example.com", n, (long?)i)).ToArray());

        var result = await ExportAsync(Columns(list, "EMAIL_ADDRESS_", "FIRST_NAME", "POINTS"));

        Assert.Equal(names.Length, result.Rows);
        var text = Text();
        Assert.StartsWith("EMAIL_ADDRESS_,FIRST_NAME,POINTS\r\np0@example.com,plain,0\r\np1@example.com,\"with,comma\",1\r\n", text);
        Assert.Contains("\r\np2@example.com,\"with \"\"quote\"\"\",2\r\n", text);
        Assert.Contains("\r\np5@example.com,,5\r\n", text);
        Assert.Contains("\r\np7@example.com, spaced ,7\r\n", text);

        // Our own strict reader takes it back value for value.
        using var file = InboundFile.Open(Path.Combine(Folder, "out.csv"), new InboundFormat());
        var rows = file.ReadRows(_ => Assert.Fail("no row may be rejected"), CancellationToken.None).Select(r => r.Fields[1]).ToList();
        Assert.Equal(names.Select(n => n ?? ""), rows);
        Assert.Equal(result.Bytes, new FileInfo(Path.Combine(Folder, "out.csv")).Length);
    }

    [Fact]
    public async Task Timestamps_are_ISO_8601_in_UTC_by_default_or_in_the_zone_and_format_asked()
    {
        var list = await ListAsync(("t@example.com", "T", 1));
        var created = (await FirstRecordAsync(list))["CREATED_DATE_"] is DateTime d ? d : throw new InvalidOperationException();

        await ExportAsync(Columns(list, "CREATED_DATE_"));
        Assert.Equal($"CREATED_DATE_\r\n{created:yyyy-MM-dd'T'HH:mm:ss.fff}Z\r\n", Text());

        await ExportAsync(Columns(list, "CREATED_DATE_") with { Options = new ExportOptions { Format = new OutboundFormat { TimeZone = "Asia/Kolkata", Header = false, LineEnding = LineEnding.Lf } } });
        Assert.Equal($"{created.AddHours(5.5):yyyy-MM-dd'T'HH:mm:ss.fff}+05:30\n", Text());

        await ExportAsync(Columns(list, "CREATED_DATE_") with { Options = new ExportOptions { Format = new OutboundFormat { DateFormat = "dd-MM-yyyy HH:mm", Header = false } } });
        Assert.Equal($"{created:dd-MM-yyyy HH:mm}\r\n", Text());

        var zone = await Assert.ThrowsAsync<ConnectException>(() => ExportAsync(Columns(list, "CREATED_DATE_") with { Options = new ExportOptions { Format = new OutboundFormat { TimeZone = "Mars/Olympus" } } }));
        Assert.Equal("UnknownTimeZone", zone.ErrorId);
    }

    [Fact]
    public async Task Character_sets_are_written_strictly_and_a_character_the_set_lacks_names_record_and_column()
    {
        var list = await ListAsync(("a@example.com", "José", 1), ("b@example.com", "Zoë 名", 2));

        await ExportAsync(Columns(list, "FIRST_NAME") with { Options = new ExportOptions { Format = new OutboundFormat { Encoding = FileEncoding.Utf16LE, ByteOrderMark = true, Delimiter = ';' } } });
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "out.csv"));
        Assert.Equal([0xFF, 0xFE], bytes[..2]);
        Assert.Equal("FIRST_NAME\r\nJosé\r\nZoë 名\r\n", Encoding.Unicode.GetString(bytes[2..]));

        var error = await Assert.ThrowsAsync<ConnectException>(() => ExportAsync(Columns(list, "FIRST_NAME") with { Options = new ExportOptions { Format = new OutboundFormat { Encoding = FileEncoding.Latin1 } } }, "latin.csv"));
        Assert.Equal("UnrepresentableCharacter", error.ErrorId);
        Assert.Contains("record 2", error.Message);
        Assert.Contains("FIRST_NAME", error.Message);
        Assert.Contains("U+540D", error.Message);
        Assert.Empty(Directory.GetFiles(Folder, "*latin*"));
    }

    [Fact]
    public async Task Without_an_enclosure_a_value_holding_the_delimiter_fails_the_export_and_leaves_no_file()
    {
        var list = await ListAsync(("a@example.com", "fine", 1), ("b@example.com", "not, fine", 2));
        var request = Columns(list, "FIRST_NAME") with { Options = new ExportOptions { Format = new OutboundFormat { Quote = null } } };

        var error = await Assert.ThrowsAsync<ConnectException>(() => ExportAsync(request, "plain.csv"));

        Assert.Equal("ValueNeedsEnclosure", error.ErrorId);
        Assert.Contains("record 2", error.Message);
        Assert.Empty(Directory.GetFiles(Folder));
        await ExportAsync(request with { Options = new ExportOptions { Format = new OutboundFormat { Quote = null, Delimiter = '|' } } }, "plain.csv");
        Assert.Equal("FIRST_NAME\r\nfine\r\nnot, fine\r\n", Text("plain.csv"));
    }

    [Fact]
    public async Task Masking_hashing_and_formula_escaping_change_only_the_columns_asked()
    {
        var list = await ListAsync(("ann@example.com", "=HYPERLINK(\"x\")", -5), ("bob@example.com", "@SUM", 7));
        var request = Columns(list, "EMAIL_ADDRESS_", "FIRST_NAME", "POINTS", "CUSTOMER_ID_") with
        {
            Options = new ExportOptions { Protection = new ValueProtection { HashColumns = ["email_address_"], MaskColumns = ["CUSTOMER_ID_"], EscapeFormulas = true } },
        };

        await ExportAsync(request);

        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("ann@example.com"u8)).ToLowerInvariant();
        Assert.Equal($"EMAIL_ADDRESS_,FIRST_NAME,POINTS,CUSTOMER_ID_\r\n{hash},\"'=HYPERLINK(\"\"x\"\")\",-5,\r\n", Text().Split("\r\n")[0] + "\r\n" + Text().Split("\r\n")[1] + "\r\n");
        Assert.Contains(",'@SUM,7,", Text());

        var missing = await Assert.ThrowsAsync<ConnectException>(() => ExportAsync(Columns(list, "FIRST_NAME") with { Options = new ExportOptions { Protection = new ValueProtection { MaskColumns = ["EMAIL_ADDRESS_"] } } }));
        Assert.Equal("ProtectedColumnNotExported", missing.ErrorId);
    }

    [Fact]
    public async Task Formula_escaping_applies_to_the_masked_value_written()
    {
        var list = await ListAsync(("ann@example.com", "=cmd|' /C calc'!A0", 1), ("bob@example.com", "@bob", 2), ("cy@example.com", "Cy", 3));
        await ExportAsync(Columns(list, "FIRST_NAME") with { Options = new ExportOptions { Protection = new ValueProtection { MaskColumns = ["FIRST_NAME"], EscapeFormulas = true } } });
        Assert.Equal($"FIRST_NAME\r\n'={new string('*', 17)}\r\n'@***\r\nC*\r\n", Text());
    }

    [Fact]
    public async Task A_zipped_and_armored_file_names_its_entry_after_the_csv()
    {
        var list = await ListAsync(("a@example.com", "A", 1));
        await ExportAsync(Columns(list, "EMAIL_ADDRESS_") with { Options = new ExportOptions { Compression = Compression.Zip, Encryption = new PgpEncryption { PublicKeyFile = _gpg.RecipientKey, Armor = true } } }, "out.csv.zip.asc");
        var (zipped, _) = _gpg.Decrypt(Path.Combine(Folder, "out.csv.zip.asc"));
        using var zip = new ZipArchive(new MemoryStream(zipped));
        Assert.Equal("out.csv", Assert.Single(zip.Entries).FullName);
    }

    [Fact]
    public async Task Masking_keeps_the_first_character()
    {
        var list = await ListAsync(("zoe@example.com", "Zoë", 1));
        await ExportAsync(Columns(list, "FIRST_NAME") with { Options = new ExportOptions { Protection = new ValueProtection { MaskColumns = ["FIRST_NAME"] } } });
        Assert.Equal("FIRST_NAME\r\nZ**\r\n", Text());
    }

    [Fact]
    public async Task Gzip_and_zip_files_hold_the_same_csv()
    {
        var list = await ListAsync(("a@example.com", "A", 1), ("b@example.com", "B, b", 2));
        await ExportAsync(Columns(list, "EMAIL_ADDRESS_", "FIRST_NAME"), "plain.csv");
        var plain = Text("plain.csv");

        await ExportAsync(Columns(list, "EMAIL_ADDRESS_", "FIRST_NAME") with { Options = new ExportOptions { Compression = Compression.GZip } }, "out.csv.gz");
        using (var gzip = new GZipStream(File.OpenRead(Path.Combine(Folder, "out.csv.gz")), CompressionMode.Decompress))
        using (var reader = new StreamReader(gzip))
        {
            Assert.Equal(plain, reader.ReadToEnd());
        }

        // The real gzip agrees.
        Assert.Equal(plain, RunTool("gzip", "-dc", Path.Combine(Folder, "out.csv.gz")));

        await ExportAsync(Columns(list, "EMAIL_ADDRESS_", "FIRST_NAME") with { Options = new ExportOptions { Compression = Compression.Zip } }, "out.csv.zip");
        using var zip = ZipFile.OpenRead(Path.Combine(Folder, "out.csv.zip"));
        var entry = Assert.Single(zip.Entries);
        Assert.Equal("out.csv", entry.FullName);
        using var entryReader = new StreamReader(entry.Open());
        Assert.Equal(plain, entryReader.ReadToEnd());
    }

    [Fact]
    public async Task An_encrypted_and_signed_file_decrypts_and_verifies_with_the_real_gpg()
    {
        var list = await ListAsync(("a@example.com", "Ünï", 1), ("b@example.com", "B", 2));
        await ExportAsync(Columns(list, "EMAIL_ADDRESS_", "FIRST_NAME"), "plain.csv");
        var plain = File.ReadAllBytes(Path.Combine(Folder, "plain.csv"));

        var request = Columns(list, "EMAIL_ADDRESS_", "FIRST_NAME") with
        {
            SigningPassphrase = Gpg.SigningPassphrase.ToCharArray(),
            Options = new ExportOptions { Compression = Compression.GZip, Encryption = new PgpEncryption { PublicKeyFile = _gpg.RecipientKey, SigningKeyFile = _gpg.SigningKey, Armor = true } },
        };
        await ExportAsync(request, "out.csv.gz.asc");

        Assert.StartsWith("-----BEGIN PGP MESSAGE-----", Text("out.csv.gz.asc"));
        var (gzipped, status) = _gpg.Decrypt(Path.Combine(Folder, "out.csv.gz.asc"));
        Assert.Contains("GOODSIG", status);
        Assert.Contains("DECRYPTION_OKAY", status);
        Assert.Contains("GOODMDC", status);
        using var gzip = new GZipStream(new MemoryStream(gzipped), CompressionMode.Decompress);
        using var unzipped = new MemoryStream();
        gzip.CopyTo(unzipped);
        Assert.Equal(plain, unzipped.ToArray());
    }

    [Fact]
    public async Task A_binary_message_for_an_ed25519_cv25519_key_decrypts_with_gpg()
    {
        var list = await ListAsync(("a@example.com", "A", 1));
        await ExportAsync(Columns(list, "EMAIL_ADDRESS_") with { Options = new ExportOptions { Encryption = new PgpEncryption { PublicKeyFile = _gpg.CurveKey } } }, "out.csv.pgp");

        var (plain, status) = _gpg.Decrypt(Path.Combine(Folder, "out.csv.pgp"));

        Assert.Contains("GOODMDC", status);
        Assert.Equal("EMAIL_ADDRESS_\r\na@example.com\r\n", Encoding.UTF8.GetString(plain));
    }

    [Fact]
    public async Task Key_files_that_are_missing_not_keys_or_locked_fail_before_anything_is_written()
    {
        var list = await ListAsync(("a@example.com", "A", 1));
        var notAKey = Path.Combine(Path.GetTempPath(), Unique("notakey") + ".asc");
        await File.WriteAllTextAsync(notAKey, "EMAIL_ADDRESS_\na@example.com\n");
        try
        {
            async Task<string> FailAsync(PgpEncryption encryption, string? passphrase = null) =>
                (await Assert.ThrowsAsync<ConnectException>(() => ExportAsync(Columns(list, "EMAIL_ADDRESS_") with { SigningPassphrase = passphrase?.ToCharArray(), Options = new ExportOptions { Encryption = encryption } }))).ErrorId;

            Assert.Equal("KeyFileNotFound", await FailAsync(new PgpEncryption { PublicKeyFile = Path.Combine(Folder, "missing.asc") }));
            Assert.Equal("PublicKeyInvalid", await FailAsync(new PgpEncryption { PublicKeyFile = notAKey }));
            Assert.Equal("SigningKeyPassphrase", await FailAsync(new PgpEncryption { PublicKeyFile = _gpg.RecipientKey, SigningKeyFile = _gpg.SigningKey }, "wrong"));
            Assert.Empty(Directory.GetFiles(Folder));
        }
        finally
        {
            File.Delete(notAKey);
        }
    }

    [Fact]
    public async Task An_empty_source_gives_a_header_only_file_and_a_ready_file_with_count_0()
    {
        var list = await ListAsync();
        var result = await ExportAsync(Columns(list, "EMAIL_ADDRESS_", "FIRST_NAME") with { ReadyFile = ReadyFileKind.Count, ReadyFileName = "nightly.ready" });

        Assert.Equal(0, result.Rows);
        Assert.Equal("EMAIL_ADDRESS_,FIRST_NAME\r\n", Text());
        Assert.Equal("0\n", Text("nightly.ready"));
        Assert.Equal(Path.Combine(Folder, "nightly.ready"), result.ReadyFile);
    }

    [Fact]
    public async Task A_missing_or_unwritable_folder_fails_with_the_path()
    {
        var list = await ListAsync(("a@example.com", "A", 1));
        var missing = await Assert.ThrowsAsync<ConnectException>(() => ExportAsync(Columns(list, "EMAIL_ADDRESS_"), folder: Path.Combine(Folder, "nope")));
        Assert.Equal("LocationNotFound", missing.ErrorId);

        // /proc takes no new files, even from root.
        var unwritable = await Assert.ThrowsAsync<ConnectException>(() => ExportAsync(Columns(list, "EMAIL_ADDRESS_"), folder: "/proc"));
        Assert.Equal("LocationWriteFailed", unwritable.ErrorId);
        Assert.Contains("/proc/out.csv", unwritable.Message);
    }

    [Trait("Category", TestCategory.Server)]
    [Fact]
    public async Task A_full_disk_fails_the_export_and_leaves_no_file_at_the_final_name_nor_a_partial_one()
    {
        var list = await ListAsync();
        var rows = Enumerable.Range(0, 3000).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["EMAIL_ADDRESS_"] = $"person{i}@example.com", ["FIRST_NAME"] = new string('x', 90),
        }).ToList();
        await Store.InsertRecordsAsync(list, rows, null, CancellationToken.None);
        using var disk = TinyDisk.Mount(128 * 1024);

        var error = await Assert.ThrowsAsync<ConnectException>(() => ExportAsync(Columns(list, "EMAIL_ADDRESS_", "FIRST_NAME"), "full.csv", disk.Path));

        Assert.Equal("LocationWriteFailed", error.ErrorId);
        Assert.Contains("No space left on device", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(disk.Path));
    }

    [Fact]
    public async Task An_incremental_export_takes_what_changed_after_the_watermark_and_nothing_twice()
    {
        var list = await ListAsync(("a@example.com", "A", 1), ("b@example.com", "B", 2));
        var source = new ExportSource { Target = list.Name, Columns = ["EMAIL_ADDRESS_", "FIRST_NAME"], Incremental = true };

        var first = await ExportAsync(new ExportRequest { Source = source });
        Assert.Equal(2, first.Rows);

        var again = await ExportAsync(new ExportRequest { Source = source with { Since = first.Watermark } });
        Assert.Equal(0, again.Rows);
        Assert.Equal(first.Watermark, again.Watermark);

        var path = Path.Combine(Folder, "change.csv");
        await File.WriteAllTextAsync(path, "EMAIL_ADDRESS_,FIRST_NAME\nb@example.com,Bea\nc@example.com,C\na@example.com,A\n");
        await new Importer(Store).ImportAsync(list, new ImportRequest(path, new ImportOptions()), null, CancellationToken.None);

        var changed = await ExportAsync(new ExportRequest { Source = source with { Since = first.Watermark } }, "changed.csv");
        Assert.Equal(2, changed.Rows);
        Assert.Equal("EMAIL_ADDRESS_,FIRST_NAME\r\nb@example.com,Bea\r\nc@example.com,C\r\n", Text("changed.csv"));
        Assert.True(string.CompareOrdinal(changed.Watermark, first.Watermark) > 0);
    }

    [Fact]
    public async Task A_suppression_list_exports_incrementally_by_when_entries_were_added()
    {
        var blocklist = await Store.CreateTableAsync(new TableDefinition(Unique("Block"), TargetKind.Suppression, null, null, [], []), CancellationToken.None);
        await Store.InsertRecordsAsync(blocklist, [new Dictionary<string, object?> { ["EMAIL_DOMAIN_"] = "spamtrap.example", ["REASON_"] = "trap" }], null, CancellationToken.None);
        var source = new ExportSource { Target = blocklist.Name, Columns = ["EMAIL_ADDRESS_", "EMAIL_DOMAIN_", "REASON_"], Incremental = true };

        var first = await ExportAsync(new ExportRequest { Source = source });
        await Store.InsertRecordsAsync(blocklist, [new Dictionary<string, object?> { ["EMAIL_ADDRESS_"] = "gone@example.com", ["REASON_"] = "unsubscribed" }], null, CancellationToken.None);
        var second = await ExportAsync(new ExportRequest { Source = source with { Since = first.Watermark } }, "second.csv");

        Assert.Equal((1L, 1L), (first.Rows, second.Rows));
        Assert.Equal("EMAIL_ADDRESS_,EMAIL_DOMAIN_,REASON_\r\n,spamtrap.example,trap\r\n", Text());
        Assert.Equal("EMAIL_ADDRESS_,EMAIL_DOMAIN_,REASON_\r\ngone@example.com,,unsubscribed\r\n", Text("second.csv"));
    }

    private static string RunTool(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}

public sealed class SqliteExportTests(TempStore temp, Gpg gpg) : ExportTests(gpg), IClassFixture<TempStore>, IClassFixture<Gpg>
{
    protected override Task<IConnectStore> OpenStoreAsync() => Task.FromResult<IConnectStore>(temp.Store);
}

[Trait("Category", TestCategory.Server)]
public sealed class PostgresExportTests(PostgresServer server, Gpg gpg) : ExportTests(gpg), IClassFixture<PostgresServer>, IClassFixture<Gpg>
{
    protected override async Task<IConnectStore> OpenStoreAsync() => await server.OpenStoreAsync(server.CreateDatabase());
}
