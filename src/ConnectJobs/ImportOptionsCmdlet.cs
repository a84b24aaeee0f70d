using System.Collections;
using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Data;
using ConnectJobs.Import;

namespace ConnectJobs.Commands;

/// <summary>The import choices (layout, mapping, merge rules, value rules, table options) as
/// parameters. Import-ConnectRecord, New-ConnectJob and Set-ConnectJob all offer them, through
/// their dynamic parameters, so that they are declared once.</summary>
public sealed class ImportParameters
{
    /// <summary>The column names of files that have no header line.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Header { get; set; }

    /// <summary>File column → target column, for columns not named like a target column.</summary>
    [Parameter]
    public Hashtable? Map { get; set; }

    [Parameter]
    public SwitchParameter MatchLikeNamedColumns { get; set; }

    [Parameter]
    [ValidateCount(1, 2)]
    public string[] MatchColumn { get; set; } = [SystemColumns.EmailAddress];

    [Parameter]
    public MatchedRecordAction OnMatch { get; set; } = MatchedRecordAction.Update;

    [Parameter]
    public UnmatchedRecordAction OnNoMatch { get; set; } = UnmatchedRecordAction.Insert;

    [Parameter]
    [ValidateSet("I", "O", "")]
    public string? DefaultPermissionStatus { get; set; }

    /// <summary>File values of EMAIL_FORMAT_ and the code each means, e.g. @{ html = 'H'; text = 'T' }.</summary>
    [Parameter]
    public Hashtable? EmailFormatMap { get; set; }

    /// <summary>The country calling code of mobile numbers written without one; 0 turns the check off.</summary>
    [Parameter]
    [ValidateRange(0, 999)]
    public int MobileCountryCode { get; set; }

    [Parameter]
    public SwitchParameter RequireEmail { get; set; }

    [Parameter]
    public SwitchParameter RequireMobile { get; set; }

    /// <summary>An OpenPGP secret key file that decrypts the files ('' for files that are not encrypted).</summary>
    [Parameter]
    [AllowEmptyString]
    public string? DecryptionKeyFile { get; set; }

    [Parameter]
    public SwitchParameter ReplaceAll { get; set; }

    [Parameter]
    public SwitchParameter InsertIntoList { get; set; }

    [Parameter]
    public SwitchParameter Remove { get; set; }

    /// <summary>The parameters declared here, for commands that refuse them for export jobs.</summary>
    internal static readonly string[] Names = typeof(ImportParameters).GetProperties().Select(p => p.Name).ToArray();

    internal InboundFormat Format(FileFormatCmdlet cmdlet, InboundFormat? current = null)
    {
        var format = current ?? new InboundFormat();
        return format with
        {
            Encoding = cmdlet.Bound(nameof(cmdlet.Encoding)) ? (FileEncoding)cmdlet.Encoding : format.Encoding,
            Delimiter = cmdlet.Bound(nameof(cmdlet.Delimiter)) ? cmdlet.Delimiter : format.Delimiter,
            Quote = cmdlet.Enclosure(format.Quote),
            ColumnNames = cmdlet.Bound(nameof(Header)) ? Header : format.ColumnNames,
            Compression = cmdlet.FileCompressionOr(format.Compression),
            DecryptionKeyFile = cmdlet.Bound(nameof(DecryptionKeyFile))
                ? (string.IsNullOrEmpty(DecryptionKeyFile) ? null : cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(DecryptionKeyFile))
                : format.DecryptionKeyFile,
        };
    }

    internal IReadOnlyDictionary<string, string>? Mapping(FileFormatCmdlet cmdlet, IReadOnlyDictionary<string, string>? current = null) =>
        !cmdlet.Bound(nameof(Map)) ? current : Dictionary(Map);

    internal IReadOnlyList<string> MatchColumns(FileFormatCmdlet cmdlet, IReadOnlyList<string>? current = null) =>
        cmdlet.Bound(nameof(MatchColumn)) || current is null ? MatchColumn : current;

    internal MatchedAction Matched(FileFormatCmdlet cmdlet, MatchedAction? current = null) =>
        cmdlet.Bound(nameof(OnMatch)) || current is null ? (MatchedAction)OnMatch : current.Value;

    internal UnmatchedAction Unmatched(FileFormatCmdlet cmdlet, UnmatchedAction? current = null) =>
        cmdlet.Bound(nameof(OnNoMatch)) || current is null ? (UnmatchedAction)OnNoMatch : current.Value;

    /// <summary>A switch as given, else as it was.</summary>
    internal static bool Switch(FileFormatCmdlet cmdlet, string name, SwitchParameter value, bool current) => cmdlet.Bound(name) ? value.IsPresent : current;

    internal ImportRules Rules(FileFormatCmdlet cmdlet, ImportRules? current = null)
    {
        var rules = current ?? new ImportRules();
        return rules with
        {
            DefaultPermissionStatus = cmdlet.Bound(nameof(DefaultPermissionStatus)) ? (string.IsNullOrEmpty(DefaultPermissionStatus) ? null : DefaultPermissionStatus) : rules.DefaultPermissionStatus,
            EmailFormatValues = cmdlet.Bound(nameof(EmailFormatMap)) ? Dictionary(EmailFormatMap) : rules.EmailFormatValues,
            DateFormat = cmdlet.Bound(nameof(cmdlet.DateFormat)) ? cmdlet.DateFormat : rules.DateFormat,
            MobileCountryCode = cmdlet.Bound(nameof(MobileCountryCode)) ? (MobileCountryCode == 0 ? null : MobileCountryCode) : rules.MobileCountryCode,
            RequireEmail = Switch(cmdlet, nameof(RequireEmail), RequireEmail, rules.RequireEmail),
            RequireMobile = Switch(cmdlet, nameof(RequireMobile), RequireMobile, rules.RequireMobile),
            MatchLikeNamedColumns = Switch(cmdlet, nameof(MatchLikeNamedColumns), MatchLikeNamedColumns, rules.MatchLikeNamedColumns),
        };
    }

    private static Dictionary<string, string>? Dictionary(Hashtable? table) =>
        table?.Cast<DictionaryEntry>().ToDictionary(e => Convert.ToString(e.Key, CultureInfo.InvariantCulture)!, e => Convert.ToString(e.Value, CultureInfo.InvariantCulture)!, StringComparer.OrdinalIgnoreCase);
}

/// <summary>A command that reads files into the store: the file format and the import parameters.</summary>
public abstract class ImportOptionsCmdlet : FileFormatCmdlet, IDynamicParameters
{
    internal ImportParameters Import { get; } = new();

    public object GetDynamicParameters() => Import;
}
