namespace ConnectJobs.Import;

/// <summary>The character sets an inbound file may be declared in.</summary>
public enum FileEncoding
{
    Utf8,
    Utf16LE,
    Utf16BE,
    Latin1,
    Windows1252,
}

/// <summary>How an inbound file is laid out. The delimiter is never guessed; a file without a header
/// line names its columns in <see cref="ColumnNames"/>.</summary>
public sealed record InboundFormat
{
    public FileEncoding Encoding { get; init; } = FileEncoding.Utf8;

    public char Delimiter { get; init; } = ',';

    /// <summary>The enclosure character, or null for files that never quote.</summary>
    public char? Quote { get; init; } = '"';

    /// <summary>The column names of a file without a header line; null when the first line holds them.</summary>
    public IReadOnlyList<string>? ColumnNames { get; init; }

    /// <summary>Gzip or zip (one entry): decompressed on the way in (after decryption).</summary>
    public Export.Compression Compression { get; init; }

    /// <summary>An OpenPGP secret key file that decrypts the files; null for files that are not encrypted.</summary>
    public string? DecryptionKeyFile { get; init; }
}
