using System.Runtime.CompilerServices;
using ConnectJobs.Data;

namespace ConnectJobs.Export;

/// <summary>Rows that a server wrote as CSV itself (PostgreSQL's COPY … (FORMAT csv)), taken as they
/// come: its enclosing rules are this sink's (enclose only what holds the delimiter, the enclosure or a
/// line break; double an enclosure inside), so a field passes on unchanged unless it is an empty text
/// (which the server encloses, "", to tell it from a null; here both are nothing) or an instant (which
/// goes through <see cref="Value"/>, as a row's would). Each record gets this file's line end.</summary>
internal sealed partial class CsvSink
{
    /// <summary>The record the last piece ended in the middle of.</summary>
    private byte[] _partial = new byte[1024];
    private int _partialLength;
    private bool _inQuotes;

    /// <summary>The last column written as an instant (-1: none), and what an empty text looks like.</summary>
    private int _lastTimestamp = -1;
    private byte[] _emptyText = [];

    public ServerCsvLayout? ServerLayout(IReadOnlyList<ColumnDefinition> columns) =>
        _encoding is null && _format.Quote is '"' or '\'' && _format.Delimiter is ',' or ';' or '|' or '\t'
            // A lone column's value '\.' is enclosed by PostgreSQL (it would end COPY data), not here.
            && columns.Count > 1 && columns.All(c => c.Type != ColumnType.Decimal) && _transforms.All(t => t is Transform.None or Transform.IsoTimestamp)
            ? StartServerCsv()
            : null;

    private ServerCsvLayout StartServerCsv()
    {
        _lastTimestamp = Array.LastIndexOf(_transforms, Transform.IsoTimestamp);
        _emptyText = [_quote, _quote];
        return new ServerCsvLayout(_format.Delimiter, _format.Quote!.Value);
    }

    // The loops below run once per record of a large export: compiled optimized at once rather than
    // first as quick code and again in the background (measured: about a tenth off the export).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteServerCsv(ReadOnlySpan<byte> text)
    {
        // A record ends at a LF outside an enclosure (a doubled enclosure character toggles twice);
        // both are ASCII, which no byte of another UTF-8 character can be mistaken for.
        var start = 0;
        for (var at = 0; at < text.Length; at++)
        {
            at += text[at..].IndexOfAny(_quote, (byte)'\n') is var next and >= 0 ? next : text.Length - at;
            if (at == text.Length)
            {
                break;
            }

            if (text[at] == _quote)
            {
                _inQuotes = !_inQuotes;
            }
            else if (!_inQuotes)
            {
                if (_partialLength > 0)
                {
                    Keep(text[start..at]);
                    Record(_partial.AsSpan(0, _partialLength));
                    _partialLength = 0;
                }
                else
                {
                    Record(text[start..at]);
                }

                start = at + 1;
            }
        }

        Keep(text[start..]);
    }

    private void Keep(ReadOnlySpan<byte> piece)
    {
        if (_partialLength + piece.Length > _partial.Length)
        {
            Array.Resize(ref _partial, Math.Max(_partial.Length * 2, _partialLength + piece.Length));
        }

        piece.CopyTo(_partial.AsSpan(_partialLength));
        _partialLength += piece.Length;
    }

    /// <summary>Passes a record on in runs of unchanged bytes, broken only where a field changes.
    /// Fields are looked at up to the last instant column, or to the end when the record holds two
    /// enclosure characters in a row (an empty text, or an enclosure inside a value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Record(ReadOnlySpan<byte> record)
    {
        Rows++;
        var last = record.IndexOf(_emptyText) >= 0 ? _transforms.Length - 1 : _lastTimestamp;
        var run = 0;
        var position = 0;
        for (var column = 0; column <= last && position <= record.Length; column++)
        {
            var length = FieldLength(record[position..]);
            var field = record.Slice(position, length);
            var instant = _transforms[column] == Transform.IsoTimestamp && length > 0;
            if (instant || (length == 2 && field[0] == _quote))
            {
                Put(record[run..position]);
                // An instant as a row's would be written; an empty one, like an empty text, as nothing.
                ReadOnlySpan<byte> value = instant && field[0] == _quote ? Unquoted(field) : field;
                if (instant && !value.IsEmpty)
                {
                    Value(value, column);
                }

                run = position + length;
            }

            position += length + 1;
        }

        Put(record[run..]);
        Put(_lineEnd);
    }

    /// <summary>The length of the record's first field, enclosure included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FieldLength(ReadOnlySpan<byte> record)
    {
        var delimiter = _delimiter[0];
        if (record.IsEmpty || record[0] != _quote)
        {
            return record.IndexOf(delimiter) is var at and >= 0 ? at : record.Length;
        }

        // Inside an enclosure: a doubled enclosure character is one of it; a single one ends it.
        var position = 1;
        while (true)
        {
            position += record[position..].IndexOf(_quote) is var at and >= 0 ? at : record.Length - position - 1;
            if (position + 1 < record.Length && record[position + 1] == _quote)
            {
                position += 2;
                continue;
            }

            return position + 1;
        }
    }

    private byte[] Unquoted(ReadOnlySpan<byte> field)
    {
        var inner = field[1..^1];
        var value = new List<byte>(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            value.Add(inner[i]);
            i += inner[i] == _quote ? 1 : 0;
        }

        return [.. value];
    }
}
