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

    /// <summary>One or two columns that identify a record (default EMAIL_ADDRESS_).</summary>
    [Parameter]
    [ValidateCount(1, 2)]
    public string[]? MatchColumn { get; set; }

    [Parameter]
    public MatchedRecordAction OnMatch { get; set; }

    [Parameter]
    public UnmatchedRecordAction OnNoMatch { get; set; }

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

    /// <summary>A file without records fails (EmptyFile) instead of succeeding with nothing to do.</summary>
    [Parameter]
    public SwitchParameter FailIfEmpty { get; set; }

    /// <summary>The header every file must have (@() for any header).</summary>
    [Parameter]
    [AllowEmptyCollection]
    public string[]? ExpectedHeader { get; set; }

    /// <summary>The import choices from the parameters given, over <paramref name="current"/> (the
    /// defaults of <see cref="ImportOptions"/> when there is none).</summary>
    internal ImportOptions Options(FileFormatCmdlet cmdlet, ImportOptions? current = null)
    {
        var options = current ?? new ImportOptions();
        return options with
        {
            Format = Format(cmdlet, options.Format),
            Rules = Rules(cmdlet, options.Rules),
            Mapping = cmdlet.Bound(nameof(Map)) ? Dictionary(Map) : options.Mapping,
            MatchColumns = cmdlet.Bound(nameof(MatchColumn)) ? MatchColumn! : options.MatchColumns,
            OnMatch = cmdlet.Bound(nameof(OnMatch)) ? (MatchedAction)OnMatch : options.OnMatch,
            OnNoMatch = cmdlet.Bound(nameof(OnNoMatch)) ? (UnmatchedAction)OnNoMatch : options.OnNoMatch,
            ReplaceAll = Switch(cmdlet, nameof(ReplaceAll), ReplaceAll, options.ReplaceAll),
            InsertIntoList = Switch(cmdlet, nameof(InsertIntoList), InsertIntoList, options.InsertIntoList),
            Remove = Switch(cmdlet, nameof(Remove), Remove, options.Remove),
            FailIfEmpty = Switch(cmdlet, nameof(FailIfEmpty), FailIfEmpty, options.FailIfEmpty),
            ExpectedHeader = cmdlet.Bound(nameof(ExpectedHeader)) ? (ExpectedHeader is { Length: > 0 } header ? header : null) : options.ExpectedHeader,
        };
    }

    private InboundFormat Format(FileFormatCmdlet cmdlet, InboundFormat format) => format with
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

    /// <summary>A switch as given, else as it was.</summary>
    private static bool Switch(FileFormatCmdlet cmdlet, string name, SwitchParameter value, bool current) => cmdlet.Bound(name) ? value.IsPresent : current;

    private ImportRules Rules(FileFormatCmdlet cmdlet, ImportRules rules) => rules with
    {
        DefaultPermissionStatus = cmdlet.Bound(nameof(DefaultPermissionStatus)) ? (string.IsNullOrEmpty(DefaultPermissionStatus) ? null : DefaultPermissionStatus) : rules.DefaultPermissionStatus,
        EmailFormatValues = cmdlet.Bound(nameof(EmailFormatMap)) ? Dictionary(EmailFormatMap) : rules.EmailFormatValues,
        DateFormat = cmdlet.Bound(nameof(cmdlet.DateFormat)) ? cmdlet.DateFormat : rules.DateFormat,
        MobileCountryCode = cmdlet.Bound(nameof(MobileCountryCode)) ? (MobileCountryCode == 0 ? null : MobileCountryCode) : rules.MobileCountryCode,
        RequireEmail = Switch(cmdlet, nameof(RequireEmail), RequireEmail, rules.RequireEmail),
        RequireMobile = Switch(cmdlet, nameof(RequireMobile), RequireMobile, rules.RequireMobile),
        MatchLikeNamedColumns = Switch(cmdlet, nameof(MatchLikeNamedColumns), MatchLikeNamedColumns, rules.MatchLikeNamedColumns),
    };

    private static Dictionary<string, string>? Dictionary(Hashtable? table) =>
        table?.Cast<DictionaryEntry>().ToDictionary(e => Convert.ToString(e.Key, CultureInfo.InvariantCulture)!, e => Convert.ToString(e.Value, CultureInfo.InvariantCulture)!, StringComparer.OrdinalIgnoreCase);
}

/// <summary>A command that reads files into the store: the file format and the import parameters.</summary>
public abstract class ImportOptionsCmdlet : FileFormatCmdlet, IDynamicParameters
{
    internal ImportParameters Import { get; } = new();

    public object GetDynamicParameters() => Import;
}
