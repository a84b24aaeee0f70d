using ConnectJobs.Import;

namespace ConnectJobs.Export;

/// <summary>How lines end in an outbound file.</summary>
public enum LineEnding
{
    /// <summary>CR LF, as RFC 4180 and spreadsheet programs expect.</summary>
    CrLf,
    Lf,
}

/// <summary>How an outbound file is compressed (before it is encrypted, when it is).</summary>
public enum Compression
{
    None,
    GZip,
    Zip,
}

/// <summary>How an outbound file is laid out. Fields are enclosed only where they must be: when
/// they hold the delimiter, the enclosure character or a line break.</summary>
public sealed record OutboundFormat
{
    public FileEncoding Encoding { get; init; } = FileEncoding.Utf8;

    /// <summary>Start a UTF-8 or UTF-16 file with a byte order mark (some spreadsheet programs want one).</summary>
    public bool ByteOrderMark { get; init; }

    public char Delimiter { get; init; } = ',';

    /// <summary>The enclosure character, or null for files that never quote: then a value that
    /// holds the delimiter or a line break cannot be written, and the export fails naming it.</summary>
    public char? Quote { get; init; } = '"';

    public bool Header { get; init; } = true;

    public LineEnding LineEnding { get; init; } = LineEnding.CrLf;

    /// <summary>A .NET date format for timestamp columns; null writes ISO 8601 ('2026-01-31T08:00:00.000Z').</summary>
    public string? DateFormat { get; init; }

    /// <summary>The time zone timestamps are written in (IANA or Windows id); UTC by default.</summary>
    public string TimeZone { get; init; } = "UTC";
}

/// <summary>Changes made to column values on the way out, for files that leave the company.</summary>
public sealed record ValueProtection
{
    /// <summary>Columns whose values are masked: the first character kept, the rest replaced by '*'.</summary>
    public IReadOnlyList<string> MaskColumns { get; init; } = [];

    /// <summary>Columns whose values are replaced by the SHA-256 of their UTF-8 bytes, in lower-case hex.</summary>
    public IReadOnlyList<string> HashColumns { get; init; } = [];

    /// <summary>Text that a spreadsheet program would run as a formula (leading '=', '+', '-', '@',
    /// tab or CR) is prefixed with an apostrophe.</summary>
    public bool EscapeFormulas { get; init; }
}

/// <summary>PGP encryption of an outbound file, always with the integrity (MDC) packet.</summary>
public sealed record PgpEncryption
{
    /// <summary>The recipient's public key file, armored or binary.</summary>
    public required string PublicKeyFile { get; init; }

    /// <summary>A secret key file to sign with, or null for no signature.</summary>
    public string? SigningKeyFile { get; init; }

    /// <summary>Write ASCII armor instead of binary packets.</summary>
    public bool Armor { get; init; }
}

/// <summary>What the ready file that follows a completed data file holds.</summary>
public enum ReadyFileKind
{
    None,
    Empty,

    /// <summary>The number of records in the data file.</summary>
    Count,
}
