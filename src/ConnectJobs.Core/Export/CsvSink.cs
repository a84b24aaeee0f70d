using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ConnectJobs.Data;
using ConnectJobs.Import;

namespace ConnectJobs.Export;

/// <summary>Writes export rows as delimited text. Values come from the store as UTF-8 and, for a
/// UTF-8 file, go out as bytes without becoming strings; a field is enclosed only when it holds the
/// delimiter, the enclosure character or a line break, and an enclosure inside it is doubled (RFC
/// 4180). Other character sets are written strictly: a character the set cannot hold fails the export
/// naming the record and column, rather than becoming '?'.</summary>
internal sealed partial class CsvSink : IExportSink
{
    private const int BufferSize = 1 << 16;
    private static readonly Encoding Utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    private readonly Stream _output;
    private readonly OutboundFormat _format;
    private readonly ValueProtection _protection;
    private readonly string _file;
    private readonly Encoding? _encoding;
    private readonly byte[] _delimiter;
    private readonly byte[] _lineEnd;
    private readonly byte _quote;
    private readonly SearchValues<byte> _special;
    private readonly TimeZoneInfo _zone;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly byte[] _scratch = new byte[256];
    private int _position;
    private Transform[] _transforms = [];
    private IReadOnlyList<ColumnDefinition> _columns = [];

    public CsvSink(Stream output, OutboundFormat format, ValueProtection protection, string file)
    {
        if (format.Delimiter > 127 || format.Quote > 127 || format.Delimiter is '\r' or '\n' || format.Delimiter == format.Quote)
        {
            throw ConnectException.Create(ErrorIds.InvalidFileFormat, ErrorKind.InvalidArgument, format.Delimiter, Messages.InvalidOutboundFormat, format.Delimiter, format.Quote);
        }

        _output = output;
        _format = format;
        _protection = protection;
        _file = file;
        _encoding = format.Encoding == FileEncoding.Utf8 ? null : FileEncodings.Strict(format.Encoding);
        _delimiter = Encode(format.Delimiter.ToString());
        _lineEnd = Encode(format.LineEnding == LineEnding.CrLf ? "\r\n" : "\n");
        _quote = (byte)(format.Quote ?? '\0');
        _special = format.Quote is null
            ? SearchValues.Create([(byte)format.Delimiter, (byte)'\r', (byte)'\n'])
            : SearchValues.Create([(byte)format.Delimiter, _quote, (byte)'\r', (byte)'\n']);
        _zone = FindZone(format.TimeZone);
    }

    public long Rows { get; private set; }

    /// <summary>How values of a column change on the way out.</summary>
    private enum Transform
    {
        None,
        IsoTimestamp,
        FormattedTimestamp,
        Mask,
        Hash,
        EscapeFormula,
    }

    public void Start(IReadOnlyList<ColumnDefinition> columns)
    {
        _columns = columns;
        foreach (var name in _protection.MaskColumns.Concat(_protection.HashColumns))
        {
            if (!columns.Any(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                throw ConnectException.Create(ErrorIds.ProtectedColumnNotExported, ErrorKind.InvalidArgument, name, Messages.ProtectedColumnNotExported, name);
            }
        }

        _transforms = columns.Select(c =>
            _protection.HashColumns.Contains(c.Name, StringComparer.OrdinalIgnoreCase) ? Transform.Hash
            : _protection.MaskColumns.Contains(c.Name, StringComparer.OrdinalIgnoreCase) ? Transform.Mask
            : c.Type == ColumnType.Timestamp ? (_format.DateFormat is null && _zone == TimeZoneInfo.Utc ? Transform.IsoTimestamp : Transform.FormattedTimestamp)
            : c.Type == ColumnType.Text && _protection.EscapeFormulas ? Transform.EscapeFormula
            : Transform.None).ToArray();
        if (_format.ByteOrderMark)
        {
            Put(_format.Encoding switch
            {
                FileEncoding.Utf8 => [0xEF, 0xBB, 0xBF],
                FileEncoding.Utf16LE => [0xFF, 0xFE],
                FileEncoding.Utf16BE => [0xFE, 0xFF],
                _ => [],
            });
        }

        if (_format.Header)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0)
                {
                    Put(_delimiter);
                }

                Field(Encoding.UTF8.GetBytes(columns[i].Name), i);
            }

            Put(_lineEnd);
        }
    }

    public void Write(IRowReader row)
    {
        Rows++;
        for (var i = 0; i < _transforms.Length; i++)
        {
            if (i > 0)
            {
                Put(_delimiter);
            }

            // A null reads as no bytes, which is how a null is written: no need to ask separately.
            if (row.GetUtf8(i) is { Length: > 0 } value)
            {
                Value(value, i);
            }
        }

        Put(_lineEnd);
    }

    /// <summary>Hands what is buffered to the stream.</summary>
    public void Flush()
    {
        _output.Write(_buffer, 0, _position);
        _position = 0;
    }

    private void Value(ReadOnlySpan<byte> value, int column)
    {
        switch (_transforms[column])
        {
            case Transform.IsoTimestamp when value.Length == 23:
                // 'yyyy-MM-dd HH:mm:ss.fff' (UTC) becomes 'yyyy-MM-ddTHH:mm:ss.fffZ' without parsing.
                value.CopyTo(_scratch);
                _scratch[10] = (byte)'T';
                _scratch[23] = (byte)'Z';
                Field(_scratch.AsSpan(0, 24), column);
                return;
            case Transform.IsoTimestamp or Transform.FormattedTimestamp:
                Field(Utf8.GetBytes(FormatTimestamp(Encoding.UTF8.GetString(value))), column);
                return;
            case Transform.Hash:
                Field(Encoding.ASCII.GetBytes(Convert.ToHexString(SHA256.HashData(value)).ToLowerInvariant()), column);
                return;
            case Transform.Mask:
                // Escaping applies to the value written: a masked '=cmd' is '=***', still a formula.
                var masked = Utf8.GetBytes(Mask(Encoding.UTF8.GetString(value)));
                Field(_protection.EscapeFormulas && IsFormula(masked) ? Escape(masked) : masked, column);
                return;
            case Transform.EscapeFormula when IsFormula(value):
                Field(Escape(value), column);
                return;
            default:
                Field(value, column);
                return;
        }
    }

    private string FormatTimestamp(string stored)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(ValueConverter.ParseTimestamp(stored), _zone);
        if (_format.DateFormat is not null)
        {
            return local.ToString(_format.DateFormat, CultureInfo.InvariantCulture);
        }

        var offset = _zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
    }

    /// <summary>Text a spreadsheet program would run as a formula.</summary>
    private static bool IsFormula(ReadOnlySpan<byte> value) => value.Length > 0 && value[0] is (byte)'=' or (byte)'+' or (byte)'-' or (byte)'@' or (byte)'\t' or (byte)'\r';

    private static byte[] Escape(ReadOnlySpan<byte> value)
    {
        var escaped = new byte[value.Length + 1];
        escaped[0] = (byte)'\'';
        value.CopyTo(escaped.AsSpan(1));
        return escaped;
    }

    /// <summary>The first character stays (so that masked values still sort and group roughly), the rest become '*'.</summary>
    private static string Mask(string value)
    {
        var runes = value.EnumerateRunes().ToArray();
        return runes.Length == 0 ? "" : runes[0].ToString() + new string('*', runes.Length - 1);
    }

    private void Field(ReadOnlySpan<byte> value, int column)
    {
        var special = value.IndexOfAny(_special) >= 0;
        if (special && _format.Quote is null)
        {
            throw ConnectException.Create(ErrorIds.ValueNeedsEnclosure, ErrorKind.InvalidData, _file, Messages.ValueNeedsEnclosure, _file, Rows, _columns[column].Name);
        }

        if (_encoding is not null)
        {
            EncodedField(value, special, column);
            return;
        }

        if (!special)
        {
            Put(value);
            return;
        }

        Put(_quote);
        while (value.IndexOf(_quote) is var at and >= 0)
        {
            Put(value[..(at + 1)]);
            Put(_quote);
            value = value[(at + 1)..];
        }

        Put(value);
        Put(_quote);
    }

    private void EncodedField(ReadOnlySpan<byte> value, bool special, int column)
    {
        var text = Encoding.UTF8.GetString(value);
        if (special)
        {
            var quote = _format.Quote!.Value.ToString();
            text = quote + text.Replace(quote, quote + quote, StringComparison.Ordinal) + quote;
        }

        try
        {
            Put(_encoding!.GetBytes(text));
        }
        catch (EncoderFallbackException e)
        {
            throw new ConnectException(ErrorIds.UnrepresentableCharacter, ErrorKind.InvalidData, _file,
                string.Format(CultureInfo.CurrentCulture, Messages.UnrepresentableCharacter, _file, Rows, _columns[column].Name, $"U+{(int)e.CharUnknown:X4}", FileEncodings.DisplayName(_format.Encoding)), e);
        }
    }

    private void Put(byte value)
    {
        if (_position == _buffer.Length)
        {
            Flush();
        }

        _buffer[_position++] = value;
    }

    private void Put(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _position)
        {
            Flush();
            if (bytes.Length > _buffer.Length)
            {
                _output.Write(bytes);
                return;
            }
        }

        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    private byte[] Encode(string text) => (_encoding ?? Utf8).GetBytes(text);

    private static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return id.Equals("UTC", StringComparison.OrdinalIgnoreCase) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ConnectException(ErrorIds.UnknownTimeZone, ErrorKind.InvalidArgument, id, string.Format(CultureInfo.CurrentCulture, Messages.UnknownTimeZone, id), e);
        }
    }
}
