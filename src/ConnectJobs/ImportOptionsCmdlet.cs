using System.Collections;
using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Data;
using ConnectJobs.Import;

namespace ConnectJobs.Commands;

/// <summary>The import choices (file layout and merge rules) as Import-ConnectRecord, New-ConnectJob and
/// Set-ConnectJob take them.</summary>
internal interface IImportOptions
{
    string[]? Header { get; }

    Hashtable? Map { get; }

    string[] MatchColumn { get; }

    MatchedRecordAction OnMatch { get; }

    UnmatchedRecordAction OnNoMatch { get; }
}

/// <summary>The file-format and merge-rule parameters of Import-ConnectRecord.</summary>
public abstract class ImportOptionsCmdlet : FileFormatCmdlet, IImportOptions
{
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
}

/// <summary>How the import parameters become engine settings, over the current ones when
/// Set-ConnectJob changes some of them.</summary>
internal static class ImportOptions
{
    public static InboundFormat Format<T>(this T cmdlet, InboundFormat? current = null)
        where T : FileFormatCmdlet, IImportOptions
    {
        var format = current ?? new InboundFormat();
        return format with
        {
            Encoding = cmdlet.Bound(nameof(cmdlet.Encoding)) ? (FileEncoding)cmdlet.Encoding : format.Encoding,
            Delimiter = cmdlet.Bound(nameof(cmdlet.Delimiter)) ? cmdlet.Delimiter : format.Delimiter,
            Quote = cmdlet.Enclosure(format.Quote),
            ColumnNames = cmdlet.Bound(nameof(cmdlet.Header)) ? cmdlet.Header : format.ColumnNames,
        };
    }

    public static IReadOnlyDictionary<string, string>? Mapping<T>(this T cmdlet, IReadOnlyDictionary<string, string>? current = null)
        where T : FileFormatCmdlet, IImportOptions =>
        !cmdlet.Bound(nameof(cmdlet.Map)) ? current
        : cmdlet.Map?.Cast<DictionaryEntry>().ToDictionary(e => Convert.ToString(e.Key, CultureInfo.InvariantCulture)!, e => Convert.ToString(e.Value, CultureInfo.InvariantCulture)!, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<string> MatchColumns<T>(this T cmdlet, IReadOnlyList<string>? current = null)
        where T : FileFormatCmdlet, IImportOptions => cmdlet.Bound(nameof(cmdlet.MatchColumn)) || current is null ? cmdlet.MatchColumn : current;

    public static MatchedAction Matched<T>(this T cmdlet, MatchedAction? current = null)
        where T : FileFormatCmdlet, IImportOptions => cmdlet.Bound(nameof(cmdlet.OnMatch)) || current is null ? (MatchedAction)cmdlet.OnMatch : current.Value;

    public static UnmatchedAction Unmatched<T>(this T cmdlet, UnmatchedAction? current = null)
        where T : FileFormatCmdlet, IImportOptions => cmdlet.Bound(nameof(cmdlet.OnNoMatch)) || current is null ? (UnmatchedAction)cmdlet.OnNoMatch : current.Value;
}
