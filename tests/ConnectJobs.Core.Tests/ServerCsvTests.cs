using System.Text;
using ConnectJobs.Data;
using ConnectJobs.Export;

namespace ConnectJobs.Core.Tests;

/// <summary>The sink's side of a server-written CSV export (CsvSink.ServerCsv.cs), with no server: a
/// record split anywhere between two pieces of the server's text (a row's message cut by a buffer's
/// end) comes out as it does whole.</summary>
public sealed class ServerCsvTests
{
    private static readonly ColumnDefinition[] Columns =
        [new("EMAIL_ADDRESS_"), new("NOTE"), new("POINTS", ColumnType.Number), new("SEEN", ColumnType.Timestamp)];

    // As PostgreSQL writes it: enclosed only where needed, an empty text as "", a null as nothing.
    private const string Server =
        "a@example.com,plain,1,2026-01-31 08:00:05.123\n" +
        "b@example.com,\"with, comma\",,2026-02-01 09:10:11.000\n" +
        "c@example.com,\"line\nbreak and \"\"quote\"\"\",-7,\n" +
        "d@example.com,\"\",0,\"2026-03-01 00:00:00.000\"\n" +
        "e@example.com,\"crlf\r\n名前 😀\",,\n";

    private const string Expected =
        "EMAIL_ADDRESS_,NOTE,POINTS,SEEN\r\n" +
        "a@example.com,plain,1,2026-01-31T08:00:05.123Z\r\n" +
        "b@example.com,\"with, comma\",,2026-02-01T09:10:11.000Z\r\n" +
        "c@example.com,\"line\nbreak and \"\"quote\"\"\",-7,\r\n" +
        "d@example.com,,0,2026-03-01T00:00:00.000Z\r\n" +
        "e@example.com,\"crlf\r\n名前 😀\",,\r\n";

    [Theory]
    [InlineData(100_000)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(30)]
    public void A_record_cut_between_pieces_anywhere_comes_out_as_it_does_whole(int pieceSize)
    {
        using var output = new MemoryStream();
        var sink = new CsvSink(output, new OutboundFormat(), new ValueProtection(), "out.csv");
        sink.Start(Columns);
        Assert.Equal(new ServerCsvLayout(',', '"'), sink.ServerLayout(Columns));

        var bytes = Encoding.UTF8.GetBytes(Server);
        for (var at = 0; at < bytes.Length; at += pieceSize)
        {
            sink.WriteServerCsv(bytes.AsSpan(at, Math.Min(pieceSize, bytes.Length - at)));
        }

        sink.Flush();
        Assert.Equal(5, sink.Rows);
        Assert.Equal(Expected, Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void Exports_the_server_cannot_write_as_the_sink_does_are_left_to_the_value_path()
    {
        Assert.Null(Layout(new OutboundFormat { Quote = null }, new ValueProtection()));
        Assert.Null(Layout(new OutboundFormat { Encoding = Import.FileEncoding.Latin1 }, new ValueProtection()));
        Assert.Null(Layout(new OutboundFormat { DateFormat = "yyyy" }, new ValueProtection()));
        Assert.Null(Layout(new OutboundFormat(), new ValueProtection { HashColumns = ["NOTE"] }));
        Assert.Null(Layout(new OutboundFormat { Delimiter = ':' }, new ValueProtection()));
        Assert.NotNull(Layout(new OutboundFormat { Delimiter = '\t', Quote = '\'', LineEnding = LineEnding.Lf }, new ValueProtection()));
    }

    private static ServerCsvLayout? Layout(OutboundFormat format, ValueProtection protection)
    {
        var sink = new CsvSink(Stream.Null, format, protection, "out.csv");
        sink.Start(Columns);
        return sink.ServerLayout(Columns);
    }
}
