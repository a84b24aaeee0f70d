using System.Text;
using ConnectJobs.Import;

namespace ConnectJobs.Core.Tests;

public sealed class InboundFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cj-inbound-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(byte[] bytes)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string text, Encoding? encoding = null) => Write((encoding ?? new UTF8Encoding(false)).GetBytes(text));

    private static (IReadOnlyList<string> Columns, List<InboundRow> Rows, List<RejectedRow> Rejects) Read(string path, InboundFormat? format = null)
    {
        using var file = InboundFile.Open(path, format ?? new InboundFormat());
        var rejects = new List<RejectedRow>();
        var rows = file.ReadRows(rejects.Add, CancellationToken.None).ToList();
        return (file.Columns, rows, rejects);
    }

    private static ConnectException Fails(string path, InboundFormat? format = null) =>
        Assert.Throws<ConnectException>(() => Read(path, format));

    [Fact]
    public void Rfc4180_quoting_is_data_and_lines_are_counted_from_where_rows_start()
    {
        var (columns, rows, rejects) = Read(Write("EMAIL,NAME,NOTE\r\na@x.nl,\"Doe, Jane\",\"said \"\"hi\"\"\"\nb@x.nl,Bob,\"two\nlines\"\rc@x.nl,Cleo,\n"));
        Assert.Equal(["EMAIL", "NAME", "NOTE"], columns);
        Assert.Empty(rejects);
        Assert.Equal([2L, 3L, 5L], rows.Select(r => r.Line));
        Assert.Equal(["a@x.nl", "Doe, Jane", "said \"hi\""], rows[0].Fields);
        Assert.Equal("two\nlines", rows[1].Fields[2]);
        Assert.Equal("", rows[2].Fields[2]);
    }

    [Fact]
    public void Rows_with_too_many_or_too_few_fields_or_stray_quotes_are_rejected_with_their_line()
    {
        var (_, rows, rejects) = Read(Write("A,B,C\n1,2,3\n4,5\n6,7,8,9\n10,1\"1,12\n13,14,15\n"));
        Assert.Equal([2L, 6L], rows.Select(r => r.Line));
        Assert.Equal([(3L, "FieldCount"), (4L, "FieldCount"), (5L, "StrayQuote")], rejects.Select(r => (r.Line, r.Rule)));
        Assert.Equal("Line 3: the row has 2 fields; the header has 3.", rejects[0].Message);
        Assert.Equal("4,5", rejects[0].Record);
    }

    [Fact]
    public void An_unclosed_quote_fails_the_file_instead_of_swallowing_it()
    {
        var e = Fails(Write("A,B\n1,2\n3,\"open\n4,5\n6,7\n"));
        Assert.Equal("UnterminatedQuote", e.ErrorId);
        Assert.Contains("line 3", e.Message);
    }

    [Fact]
    public void An_empty_file_and_a_header_only_file()
    {
        Assert.Equal("EmptyFile", Fails(Write("")).ErrorId);
        Assert.Equal("EmptyFile", Fails(Write("\n")).ErrorId);
        var (columns, rows, _) = Read(Write("A,B\n"));
        Assert.Equal(["A", "B"], columns);
        Assert.Empty(rows);
    }

    [Fact]
    public void Header_names_must_be_present_and_unique()
    {
        Assert.Equal("DuplicateHeader", Fails(Write("EMAIL,Name,NAME\n1,2,3\n")).ErrorId);
        Assert.Equal("EmptyHeaderName", Fails(Write("EMAIL,,NAME\n1,2,3\n")).ErrorId);
    }

    [Fact]
    public void A_utf8_bom_is_skipped_and_a_utf16_file_declared_utf8_is_refused()
    {
        Assert.Equal(["EMAIL", "NAME"], Read(Write("\uFEFFEMAIL,NAME\na,b\n", new UTF8Encoding(true))).Columns);
        var withBom = Fails(Write(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("EMAIL,NAME\na,b\n")).ToArray()));
        Assert.Equal("EncodingMismatch", withBom.ErrorId);
        Assert.Contains("UTF-16 LE", withBom.Message);
        Assert.Equal("NulInFile", Fails(Write(Encoding.Unicode.GetBytes("EMAIL,NAME\na,b\n"))).ErrorId);
    }

    [Fact]
    public void Bytes_invalid_in_the_declared_set_fail_the_file_with_their_line()
    {
        var bytes = Encoding.UTF8.GetBytes("EMAIL,NAME\na@x.nl,Ann\nb@x.nl,B").Concat(new byte[] { 0xE9 }).Concat(Encoding.UTF8.GetBytes("b\n")).ToArray();
        var e = Fails(Write(bytes));
        Assert.Equal("InvalidEncoding", e.ErrorId);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void Other_character_sets_are_read_as_declared()
    {
        var latin1 = Read(Write(Encoding.Latin1.GetBytes("NAME\nJos\u00e9\n")), new InboundFormat { Encoding = FileEncoding.Latin1 });
        Assert.Equal("Jos\u00e9", latin1.Rows.Single().Fields[0]);
        var cp1252 = Read(Write([.. Encoding.ASCII.GetBytes("PRICE\n"), 0x80, (byte)'5', (byte)'\n']), new InboundFormat { Encoding = FileEncoding.Windows1252 });
        Assert.Equal("\u20ac5", cp1252.Rows.Single().Fields[0]);
        Assert.Equal("InvalidEncoding", Fails(Write([.. Encoding.ASCII.GetBytes("PRICE\n"), 0x81, (byte)'\n']), new InboundFormat { Encoding = FileEncoding.Windows1252 }).ErrorId);
        var utf16be = Read(Write(Encoding.BigEndianUnicode.GetBytes("NAME;CITY\nZo\u00eb;Gent\n")), new InboundFormat { Encoding = FileEncoding.Utf16BE, Delimiter = ';' });
        Assert.Equal(["Zo\u00eb", "Gent"], utf16be.Rows.Single().Fields);
    }

    [Fact]
    public void A_nul_byte_fails_the_file()
    {
        var e = Fails(Write("A,B\n1,2\n3,\0\n"));
        Assert.Equal("NulInFile", e.ErrorId);
        Assert.Contains("line 3", e.Message);
    }

    [Fact]
    public void Long_fields_tabs_pipes_and_files_without_a_header_or_quotes()
    {
        var longValue = new string('x', 100_000);
        Assert.Equal(longValue, Read(Write($"A,B\n1,\"{longValue}\"\n")).Rows.Single().Fields[1]);
        var tabbed = Read(Write("a@x.nl\tAnn\n"), new InboundFormat { Delimiter = '\t', ColumnNames = ["EMAIL", "NAME"] });
        Assert.Equal(["EMAIL", "NAME"], tabbed.Columns);
        Assert.Equal(1L, tabbed.Rows.Single().Line);
        var unquoted = Read(Write("A|B\nsaid \"hi\"|2\n"), new InboundFormat { Delimiter = '|', Quote = null });
        Assert.Equal(["said \"hi\"", "2"], unquoted.Rows.Single().Fields);
    }

    [Fact]
    public void A_missing_file_is_ObjectNotFound()
    {
        var e = Assert.Throws<ConnectException>(() => InboundFile.Open(Path.Combine(_folder, "gone.csv"), new InboundFormat()));
        Assert.Equal(("InboundFileNotFound", ErrorKind.NotFound), (e.ErrorId, e.Kind));
    }

    [Fact]
    public void A_NUL_byte_in_the_header_line_fails_the_file()
    {
        var path = Write("EMAIL_ADDRESS_,FIRST\0NAME\na@x.nl,Ann\n");
        var error = Fails(path);
        Assert.Equal(("NulInFile", true), (error.ErrorId, error.IsFileFault));
        Assert.Contains("line 1", error.Message);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    public void A_UTF16_file_without_a_byte_order_mark_declared_UTF8_fails_at_its_header_naming_the_file_and_the_likely_set(string encoding)
    {
        var path = Write(Encoding.GetEncoding(encoding).GetBytes("EMAIL_ADDRESS_,FIRST_NAME\na@x.nl,Ann\n"));
        var error = Fails(path);
        Assert.Equal(("NulInFile", true), (error.ErrorId, error.IsFileFault));
        Assert.Contains(path, error.Message);
        Assert.Contains("line 1", error.Message);
        Assert.Contains("UTF-16", error.Message);
    }
}
