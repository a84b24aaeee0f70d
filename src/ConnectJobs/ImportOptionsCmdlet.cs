using System.Collections;
using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Data;
using ConnectJobs.Import;

namespace ConnectJobs.Commands;

/// <summary>The file-format and merge-rule parameters that Import-ConnectRecord, New-ConnectJob and
/// Set-ConnectJob share, and how they become engine settings.</summary>
public abstract class ImportOptionsCmdlet : ConnectCmdlet
{
    [Parameter]
    public CsvEncoding Encoding { get; set; } = CsvEncoding.Utf8;

    [Parameter]
    public char Delimiter { get; set; } = ',';

    [Parameter]
    public char Quote { get; set; } = '"';

    /// <summary>The file never encloses fields in quotes: a quote is an ordinary character.</summary>
    [Parameter]
    public SwitchParameter NoQuote { get; set; }

    /// <summary>The column names of files that have no header line.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Header { get; set; }

    /// <summary>File column → list column, for columns not named like a list column.</summary>
    [Parameter]
    public Hashtable? Map { get; set; }

    [Parameter]
    [ValidateCount(1, 2)]
    public string[] MatchColumn { get; set; } = [SystemColumns.EmailAddress];

    [Parameter]
    public MatchedRecordAction OnMatch { get; set; } = MatchedRecordAction.Update;

    [Parameter]
    public UnmatchedRecordAction OnNoMatch { get; set; } = UnmatchedRecordAction.Insert;

    /// <summary>The format from the parameters given, over <paramref name="current"/> (a job's
    /// settings when Set-ConnectJob changes some of them).</summary>
    internal InboundFormat Format(InboundFormat? current = null)
    {
        var format = current ?? new InboundFormat();
        return format with
        {
            Encoding = Bound(nameof(Encoding)) ? (FileEncoding)Encoding : format.Encoding,
            Delimiter = Bound(nameof(Delimiter)) ? Delimiter : format.Delimiter,
            Quote = Bound(nameof(NoQuote)) ? (NoQuote ? null : Quote) : Bound(nameof(Quote)) ? Quote : format.Quote,
            ColumnNames = Bound(nameof(Header)) ? Header : format.ColumnNames,
        };
    }

    internal IReadOnlyDictionary<string, string>? Mapping(IReadOnlyDictionary<string, string>? current = null) =>
        !Bound(nameof(Map)) ? current
        : Map?.Cast<DictionaryEntry>().ToDictionary(e => Convert.ToString(e.Key, CultureInfo.InvariantCulture)!, e => Convert.ToString(e.Value, CultureInfo.InvariantCulture)!, StringComparer.OrdinalIgnoreCase);

    internal IReadOnlyList<string> MatchColumns(IReadOnlyList<string>? current = null) => Bound(nameof(MatchColumn)) || current is null ? MatchColumn : current;

    internal MatchedAction Matched(MatchedAction? current = null) => Bound(nameof(OnMatch)) || current is null ? (MatchedAction)OnMatch : current.Value;

    internal UnmatchedAction Unmatched(UnmatchedAction? current = null) => Bound(nameof(OnNoMatch)) || current is null ? (UnmatchedAction)OnNoMatch : current.Value;

    internal bool Bound(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);
}
