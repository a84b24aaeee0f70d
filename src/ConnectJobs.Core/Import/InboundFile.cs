using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace ConnectJobs.Import;

/// <summary>Reads an inbound CSV file strictly, where CsvHelper's defaults are lenient: the declared
/// character set is enforced (a byte that is not valid in it fails the file with its line, never
/// becomes U+FFFD), a row with too many or too few fields or with stray quotes is rejected and
/// reported, and an unclosed quote fails the file instead of swallowing the rest of it. Quoted
/// delimiters, doubled quotes and line breaks inside quotes are data (RFC 4180).</summary>
public sealed class InboundFile : IDisposable
{
    private readonly string _path;
    private readonly InboundFormat _format;
    private readonly Stream _stream;
    private readonly CsvReader _reader;
    private readonly Queue<(long Line, CsvMalformedReason Reason, string Record)> _malformed = new();

    private InboundFile(string path, InboundFormat format, Stream stream)
    {
        _path = path;
        _format = format;
        _stream = stream;
        var options = new CsvReaderOptions
        {
            HasHeader = format.ColumnNames is null,
            Separator = format.Delimiter,
            Quote = format.Quote ?? '"',
            Mode = format.Quote is null ? CsvMode.NoEscape : CsvMode.Rfc4180,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            TrimWhitespace = false,
            TrackLineNumbers = true,
            Encoding = new UTF8Encoding(false),

            // Rows are counted against the header here, with a message that gives both counts.
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = m => _malformed.Enqueue((m.LineNumber, m.Reason, m.RawRecord)),
        };
        try
        {
            _reader = CsvReader.Create(stream, options, leaveOpen: true);
            Columns = format.ColumnNames ?? _reader.Headers ?? [];
        }
        catch (DecoderFallbackException)
        {
            throw Fail(ErrorIds.InvalidEncoding, Messages.InvalidEncoding, _path, EncodingName, 1);
        }

        CheckColumns();
    }

    public IReadOnlyList<string> Columns { get; }

    private string EncodingName => FileEncodings.DisplayName(_format.Encoding);

    /// <summary>Opens <paramref name="path"/>; messages name <paramref name="label"/> when given (the
    /// original file when <paramref name="path"/> is its decompressed or decrypted copy).</summary>
    public static InboundFile Open(string path, InboundFormat format, string? label = null)
    {
        Stream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e)
        {
            throw new ConnectException(ErrorIds.InboundFileNotFound, ErrorKind.NotFound, path, string.Format(CultureInfo.CurrentCulture, Messages.InboundFileNotFound, path), e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConnectException(ErrorIds.InboundFileUnreadable, ErrorKind.ResourceUnavailable, path, string.Format(CultureInfo.CurrentCulture, Messages.InboundFileUnreadable, path, e.Message), e);
        }

        try
        {
            if (stream.Length == 0)
            {
                throw ConnectException.Create(ErrorIds.EmptyFile, ErrorKind.InvalidFile, label ?? path, Messages.EmptyFile, label ?? path);
            }

            return new InboundFile(label ?? path, format, ToUtf8(stream, label ?? path, format.Encoding));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The data rows in file order. Rows that break a rule go to <paramref name="reject"/>;
    /// faults of the whole file (character set, NUL, unclosed quote) throw.</summary>
    internal IEnumerable<InboundRow> ReadRows(Action<RejectedRow> reject, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool read;
            try
            {
                read = _reader.Read();
            }
            catch (DecoderFallbackException)
            {
                throw Fail(ErrorIds.InvalidEncoding, Messages.InvalidEncoding, _path, EncodingName, _reader.LineNumber + 1);
            }

            RejectMalformed(reject);
            if (!read)
            {
                yield break;
            }

            var line = _reader.LineNumber;
            var raw = _reader.RawRecord;
            if (raw.Contains((byte)0))
            {
                throw Fail(ErrorIds.NulInFile, Messages.NulInFile, _path, line, EncodingName);
            }

            if (!Utf8.IsValid(raw) || (_format.Encoding == FileEncoding.Windows1252 && HasUndefinedWindows1252(raw)))
            {
                throw Fail(ErrorIds.InvalidEncoding, Messages.InvalidEncoding, _path, EncodingName, line);
            }

            if (_reader.FieldCount != Columns.Count)
            {
                reject(new RejectedRow(line, null, ErrorIds.FieldCount, Format(Messages.RowFieldCount, line, _reader.FieldCount, Columns.Count), Encoding.UTF8.GetString(raw)));
                continue;
            }

            var fields = new string[Columns.Count];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = _reader.GetString(i);
            }

            yield return new InboundRow(line, fields);
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _stream.Dispose();
    }

    /// <summary>Checks the byte order mark against the declared character set and gives CsvHelper
    /// UTF-8: as it is for UTF-8 files, transcoded (strictly) for the others.</summary>
    private static Stream ToUtf8(Stream stream, string path, FileEncoding declared)
    {
        Span<byte> start = stackalloc byte[3];
        var length = stream.ReadAtLeast(start, 3, throwOnEndOfStream: false);
        start = start[..length];
        (string Name, FileEncoding? Encoding, int Length)? bom =
            start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? ("UTF-8", FileEncoding.Utf8, 3)
            : start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? ("UTF-16 LE", FileEncoding.Utf16LE, 2)
            : start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? ("UTF-16 BE", FileEncoding.Utf16BE, 2)
            : null;
        if (bom is { } found && found.Encoding != declared)
        {
            throw ConnectException.Create(ErrorIds.EncodingMismatch, ErrorKind.InvalidFile, path, Messages.EncodingMismatch, path, found.Name, declared);
        }

        stream.Position = bom?.Length ?? 0;
        if (declared == FileEncoding.Utf8)
        {
            return stream;
        }

        return Encoding.CreateTranscodingStream(stream, FileEncodings.Strict(declared), new UTF8Encoding(false), leaveOpen: false);
    }

    /// <summary>.NET decodes the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90,
    /// 0x9D) to the C1 controls of the same number instead of failing; here they arrive as UTF-8.</summary>
    private static bool HasUndefinedWindows1252(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i + 1 < utf8.Length; i++)
        {
            if (utf8[i] == 0xC2 && utf8[i + 1] is 0x81 or 0x8D or 0x8F or 0x90 or 0x9D)
            {
                return true;
            }
        }

        return false;
    }

    private static string Format(string format, params object?[] args) => string.Format(CultureInfo.CurrentCulture, format, args);

    private static ConnectException Fail(string id, string format, params object?[] args) =>
        ConnectException.Create(id, ErrorKind.InvalidFile, args[0], format, args);

    private void CheckColumns()
    {
        if (Columns.Count == 0 || (Columns.Count == 1 && Columns[0].Length == 0))
        {
            throw Fail(ErrorIds.EmptyFile, Messages.EmptyFile, _path);
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Columns.Count; i++)
        {
            var name = Columns[i].Trim();
            if (name.Length == 0)
            {
                throw Fail(ErrorIds.EmptyHeaderName, Messages.EmptyHeaderName, _path, i + 1);
            }

            if (name.Contains('\0', StringComparison.Ordinal))
            {
                throw Fail(ErrorIds.NulInFile, Messages.NulInFile, _path, 1, EncodingName);
            }

            if (name.Contains('\uFFFD', StringComparison.Ordinal))
            {
                throw Fail(ErrorIds.InvalidEncoding, Messages.InvalidEncoding, _path, EncodingName, 1);
            }

            if (!seen.Add(name))
            {
                throw Fail(ErrorIds.DuplicateHeader, Messages.DuplicateHeader, _path, name);
            }
        }
    }

    private void RejectMalformed(Action<RejectedRow> reject)
    {
        while (_malformed.TryDequeue(out var malformed))
        {
            var (line, reason, record) = malformed;
            if (reason is CsvMalformedReason.UnterminatedQuote)
            {
                throw Fail(ErrorIds.UnterminatedQuote, Messages.UnterminatedQuote, _path, line);
            }

            var message = reason switch
            {
                CsvMalformedReason.StrayQuote => Format(Messages.RowStrayQuote, line),
                CsvMalformedReason.TextAfterClosingQuote => Format(Messages.RowTextAfterQuote, line),
                _ => Format(Messages.RowMalformed, line, reason),
            };
            reject(new RejectedRow(line, null, reason.ToString(), message, record.TrimEnd('\r', '\n')));
        }
    }
}
