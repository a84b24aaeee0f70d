using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ConnectJobs.Data;
using ConnectJobs.Export;

namespace ConnectJobs.Store;

/// <summary>An export query's rows as the server writes them with <c>COPY (query) TO STDOUT</c> in
/// its binary format, read in place (a list's or table's columns as they are stored: text, and the
/// 8 bytes of a number; a feed's computed columns cast to text by the server): each value handed to
/// the sink as UTF-8 straight from the stream's buffer, with no string made of it. What lets a
/// PostgreSQL export keep up with psql's own <c>\copy</c>, as the SQLite store's raw statement keeps
/// up with sqlite3.</summary>
internal sealed class PostgresCopyRows(Stream copy, IReadOnlyList<ColumnDefinition> columns, bool typed) : IRowReader
{
    /// <summary>PGCOPY\n\377\r\n\0, flags, header extension length.</summary>
    private const int HeaderSize = 19;

    private readonly int[] _starts = new int[columns.Count];
    private readonly int[] _lengths = new int[columns.Count];
    private byte[] _buffer = new byte[1 << 16];
    private int _filled;
    private int _next = -1;

    /// <summary>The decimals of the row, written as SQLite writes them.</summary>
    private byte[] _row = new byte[64];
    private int _rowUsed;

    /// <summary>The COPY for the server: the export's query as it is when <paramref name="typed"/> (its
    /// columns of the types <see cref="ColumnDefinition.Type"/> says), else with each column cast to text.</summary>
    public static string Command(string query, int columnCount, bool typed)
    {
        if (typed)
        {
            return $"COPY ({query}) TO STDOUT (FORMAT binary)";
        }

        var names = Enumerable.Range(0, columnCount).Select(i => "c" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        return $"COPY (SELECT {string.Join(", ", names.Select(n => n + "::text"))} FROM ({query}) AS q({string.Join(", ", names)})) TO STDOUT (FORMAT binary)";
    }

    /// <summary>The COPY for a sink that takes the server's CSV (<see cref="IExportSink.ServerLayout"/>):
    /// the query's columns as the server writes them as text (a list's as stored; the sink changes
    /// what it must, as it would a row's).</summary>
    public static string CsvCommand(string query, ServerCsvLayout layout) =>
        $"COPY ({query}) TO STDOUT (FORMAT csv, DELIMITER {Literal(layout.Delimiter)}, QUOTE {Literal(layout.Quote)})";

    private static string Literal(char c) => c == '\'' ? "''''" : $"'{c}'";

    /// <summary>Reads the next row; false at the end of the data.</summary>
    public async ValueTask<bool> NextAsync(CancellationToken cancellationToken)
    {
        if (_next < 0)
        {
            while (_filled < HeaderSize)
            {
                if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }

            _next = HeaderSize + BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(15));
        }

        int end;
        while ((end = Tuple()) == -1)
        {
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        if (end == -2)
        {
            return false;
        }

        _next = end;
        return true;
    }

    public ReadOnlySpan<byte> GetUtf8(int column) => _lengths[column] < 0 ? default
        : _starts[column] < 0 ? _row.AsSpan(~_starts[column], _lengths[column])
        : _buffer.AsSpan(_starts[column], _lengths[column]);

    /// <summary>Reads the tuple at the buffer's next byte: where it ends, -1 when the buffer does not
    /// hold all of it yet, -2 at the trailer.</summary>
    private int Tuple()
    {
        var at = _next;
        if (_filled - at < 2)
        {
            return -1;
        }

        var count = BinaryPrimitives.ReadInt16BigEndian(_buffer.AsSpan(at));
        if (count == -1)
        {
            return -2;
        }

        at += 2;
        _rowUsed = 0;
        for (var column = 0; column < count; column++)
        {
            if (_filled - at < 4)
            {
                return -1;
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(at));
            at += 4;
            if (length > _filled - at)
            {
                return -1;
            }

            (_starts[column], _lengths[column]) = (at, length);
            if (length > 0 && columns[column].Type is ColumnType.Number or ColumnType.Decimal)
            {
                Number(column, _buffer.AsSpan(at, length));
            }

            at += Math.Max(length, 0);
        }

        return at;
    }

    /// <summary>Keeps the unread part of the buffer and reads more after it (a larger buffer for a
    /// row that does not fit).</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        var keep = Math.Max(_next, 0);
        var left = _filled - keep;
        if (left == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        else
        {
            Buffer.BlockCopy(_buffer, keep, _buffer, 0, left);
            _next = _next < 0 ? -1 : 0;
        }

        _filled = left;
        var read = await copy.ReadAsync(_buffer.AsMemory(_filled), cancellationToken).ConfigureAwait(false);
        _filled += read;
        return read > 0;
    }

    /// <summary>A number as SQLite writes it as text: a bigint's digits; a decimal with at most 15
    /// significant digits and always a fraction.</summary>
    private void Number(int column, ReadOnlySpan<byte> value)
    {
        if (!typed)
        {
            if (columns[column].Type == ColumnType.Decimal)
            {
                Keep(column, Encoding.ASCII.GetBytes(SqliteReal(double.Parse(Encoding.ASCII.GetString(value), NumberStyles.Float, CultureInfo.InvariantCulture))));
            }

            return;
        }

        if (columns[column].Type == ColumnType.Decimal)
        {
            Keep(column, Encoding.ASCII.GetBytes(SqliteReal(BinaryPrimitives.ReadDoubleBigEndian(value))));
            return;
        }

        Span<byte> digits = stackalloc byte[20];
        System.Buffers.Text.Utf8Formatter.TryFormat(BinaryPrimitives.ReadInt64BigEndian(value), digits, out var written);
        Keep(column, digits[..written]);
    }

    private void Keep(int column, ReadOnlySpan<byte> value)
    {
        if (_rowUsed + value.Length > _row.Length)
        {
            Array.Resize(ref _row, Math.Max(_row.Length * 2, _rowUsed + value.Length));
        }

        value.CopyTo(_row.AsSpan(_rowUsed));
        (_starts[column], _lengths[column]) = (~_rowUsed, value.Length);
        _rowUsed += value.Length;
    }

    /// <summary>SQLite's text of a REAL: "%!.15g", with '.0' on a whole number, so that a file
    /// exported from either store is the same file.</summary>
    internal static string SqliteReal(double value)
    {
        var text = value.ToString("G15", CultureInfo.InvariantCulture);
        var exponent = text.IndexOf('E', StringComparison.Ordinal);
        var mantissa = exponent < 0 ? text : text[..exponent];
        if (!mantissa.Contains('.', StringComparison.Ordinal) && double.IsFinite(value))
        {
            mantissa += ".0";
        }

        return exponent < 0 ? mantissa : mantissa + "e" + text[(exponent + 1)..];
    }
}
