using System.Management.Automation;

namespace ConnectJobs.Commands;

/// <summary>The parameters that describe any CSV file, read or written: character set, delimiter
/// and enclosure.</summary>
public abstract class FileFormatCmdlet : ConnectCmdlet
{
    [Parameter]
    public CsvEncoding Encoding { get; set; } = CsvEncoding.Utf8;

    [Parameter]
    [DelimiterTransformation]
    public char Delimiter { get; set; } = ',';

    [Parameter]
    public char Quote { get; set; } = '"';

    /// <summary>The file never encloses fields in quotes: a quote is an ordinary character.</summary>
    [Parameter]
    public SwitchParameter NoQuote { get; set; }

    /// <summary>The .NET format of the file's dates: how imports read them, how exports write them.</summary>
    [Parameter]
    [AllowEmptyString]
    public string? DateFormat { get; set; }

    /// <summary>Gzip or zip: exports compress, imports decompress.</summary>
    [Parameter]
    public FileCompression Compression { get; set; } = FileCompression.None;

    internal bool Bound(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

    /// <summary>The enclosure from -Quote/-NoQuote, over <paramref name="current"/>.</summary>
    internal Export.Compression FileCompressionOr(Export.Compression current) => Bound(nameof(Compression)) ? (Export.Compression)Compression : current;

    internal char? Enclosure(char? current) => Bound(nameof(NoQuote)) ? (NoQuote ? null : Quote) : Bound(nameof(Quote)) ? Quote : current;
}
