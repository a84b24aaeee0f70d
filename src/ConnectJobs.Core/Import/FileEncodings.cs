using System.Text;

namespace ConnectJobs.Import;

/// <summary>The .NET encodings behind the declared character sets, strict both ways: a byte that is
/// not valid in the set, or a character the set cannot hold, throws instead of becoming '?' or U+FFFD.</summary>
internal static class FileEncodings
{
    public static Encoding Strict(FileEncoding encoding) => encoding switch
    {
        FileEncoding.Utf8 => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
        FileEncoding.Utf16LE => new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true),
        FileEncoding.Utf16BE => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true),
        FileEncoding.Latin1 => Encoding.GetEncoding(28591, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        _ => CodePagesEncodingProvider.Instance.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)!,
    };

    /// <summary>How messages name the character set.</summary>
    public static string DisplayName(FileEncoding encoding) => encoding switch
    {
        FileEncoding.Utf8 => "UTF-8",
        FileEncoding.Utf16LE => "UTF-16 LE",
        FileEncoding.Utf16BE => "UTF-16 BE",
        FileEncoding.Latin1 => "ISO-8859-1",
        _ => "Windows-1252",
    };
}
