using System.Management.Automation;
using ConnectJobs.Export;
using ConnectJobs.Import;

namespace ConnectJobs.Commands;

/// <summary>How lines end in a file ConnectJobs writes.</summary>
public enum CsvLineEnding
{
    CrLf = LineEnding.CrLf,
    Lf = LineEnding.Lf,
}

/// <summary>How a file ConnectJobs writes is compressed.</summary>
public enum FileCompression
{
    None = Compression.None,
    GZip = Compression.GZip,
    Zip = Compression.Zip,
}

/// <summary>What the ready file after an export holds.</summary>
public enum ReadyFileContent
{
    None = ReadyFileKind.None,
    Empty = ReadyFileKind.Empty,
    Count = ReadyFileKind.Count,
}

/// <summary>The parameters of a file ConnectJobs writes (Export-ConnectRecord, export jobs): layout,
/// columns, protection of values, compression and encryption.</summary>
public abstract class ExportOptionsCmdlet : FileFormatCmdlet
{
    /// <summary>The parameter set of the parameters only a written file has: a command that also
    /// reads files (New-ConnectJob, Set-ConnectJob) refuses them beside the import parameters.</summary>
    protected const string ExportSet = "Export";

    /// <summary>The columns to write, in this order; all columns when not given (an event feed's layout says its columns).</summary>
    [Parameter(ParameterSetName = ExportSet)]
    [JobKinds(Jobs.JobKind.Export)]
    [ValidateNotNullOrEmpty]
    public string[]? Column { get; set; }

    [Parameter(ParameterSetName = ExportSet)]
    public SwitchParameter NoHeader { get; set; }

    [Parameter(ParameterSetName = ExportSet)]
    public CsvLineEnding LineEnding { get; set; } = CsvLineEnding.CrLf;

    [Parameter(ParameterSetName = ExportSet)]
    [ValidateNotNullOrEmpty]
    public string? TimeZone { get; set; }

    [Parameter(ParameterSetName = ExportSet)]
    public SwitchParameter ByteOrderMark { get; set; }

    [Parameter(ParameterSetName = ExportSet)]
    public SwitchParameter EscapeFormulas { get; set; }

    [Parameter(ParameterSetName = ExportSet)]
    [ValidateNotNullOrEmpty]
    public string[]? MaskColumn { get; set; }

    [Parameter(ParameterSetName = ExportSet)]
    [ValidateNotNullOrEmpty]
    public string[]? HashColumn { get; set; }

    /// <summary>Encrypt for the owner of this OpenPGP public key file (armored or binary).</summary>
    [Parameter(ParameterSetName = ExportSet)]
    [ValidateNotNullOrEmpty]
    public string? PublicKeyFile { get; set; }

    /// <summary>Sign with the secret key in this file (needs -PublicKeyFile).</summary>
    [Parameter(ParameterSetName = ExportSet)]
    [AllowEmptyString]
    public string? SigningKeyFile { get; set; }

    [Parameter(ParameterSetName = ExportSet)]
    public SwitchParameter Armor { get; set; }

    /// <summary>Only the list's records whose address hard-bounced, or soft-bounced -SoftBounces times in a row (by the event store).</summary>
    [Parameter(ParameterSetName = ExportSet)]
    [JobKinds(Jobs.JobKind.Export)]
    public SwitchParameter Outbounced { get; set; }

    /// <summary>Only the list's records with an OptedOut event.</summary>
    [Parameter(ParameterSetName = ExportSet)]
    [JobKinds(Jobs.JobKind.Export)]
    public SwitchParameter Unsubscribed { get; set; }

    /// <summary>How many soft bounces in a row make an address outbounced (default 3).</summary>
    [Parameter(ParameterSetName = ExportSet)]
    [ValidateRange(1, 100)]
    [JobKinds(Jobs.JobKind.Export)]
    public int SoftBounces { get; set; } = 3;

    /// <summary>Only events captured since this time count for -Outbounced and -Unsubscribed.</summary>
    [Parameter(ParameterSetName = ExportSet)]
    [JobKinds(Jobs.JobKind.Export)]
    public DateTime? EventsSince { get; set; }

    /// <summary>The records the event store picks (-Outbounced, -Unsubscribed), over <paramref name="current"/>;
    /// either switch set to $false picks all records again.</summary>
    internal ConnectJobs.Events.RecipientSelection? Recipients(ConnectJobs.Events.RecipientSelection? current = null)
    {
        if (Outbounced && Unsubscribed)
        {
            throw new ConnectException(ErrorIds.ConflictingParameters, ErrorKind.InvalidArgument, nameof(Unsubscribed), CommandMessages.OutbouncedOrUnsubscribed);
        }

        if ((Bound(nameof(Outbounced)) && !Outbounced) || (Bound(nameof(Unsubscribed)) && !Unsubscribed))
        {
            return null;
        }

        var kind = Outbounced ? ConnectJobs.Events.RecipientKind.Outbounced : Unsubscribed ? ConnectJobs.Events.RecipientKind.Unsubscribed : current?.Kind;
        if (kind is null)
        {
            return null;
        }

        return new ConnectJobs.Events.RecipientSelection(kind.Value, Bound(nameof(SoftBounces)) ? SoftBounces : current?.SoftBounces ?? 3,
            Bound(nameof(EventsSince)) ? EventsSince?.ToUniversalTime() : current?.Since);
    }

    /// <summary>How the file is written, from the parameters given, over <paramref name="current"/>.</summary>
    internal ExportOptions ExportOptions(ExportOptions? current = null) => new()
    {
        Format = OutboundFormat(current?.Format),
        Protection = Protection(current?.Protection),
        Compression = FileCompressionOr(current?.Compression ?? Export.Compression.None),
        Encryption = Encryption(current?.Encryption),
    };

    private OutboundFormat OutboundFormat(OutboundFormat? current = null)
    {
        var format = current ?? new OutboundFormat();
        return format with
        {
            Encoding = Bound(nameof(Encoding)) ? (FileEncoding)Encoding : format.Encoding,
            Delimiter = Bound(nameof(Delimiter)) ? Delimiter : format.Delimiter,
            Quote = Enclosure(format.Quote),
            Header = Bound(nameof(NoHeader)) ? !NoHeader : format.Header,
            LineEnding = Bound(nameof(LineEnding)) ? (LineEnding)LineEnding : format.LineEnding,
            DateFormat = Bound(nameof(DateFormat)) ? (string.IsNullOrEmpty(DateFormat) ? null : DateFormat) : format.DateFormat,
            TimeZone = TimeZone ?? format.TimeZone,
            ByteOrderMark = Bound(nameof(ByteOrderMark)) ? ByteOrderMark : format.ByteOrderMark,
        };
    }

    private ValueProtection Protection(ValueProtection? current = null)
    {
        var protection = current ?? new ValueProtection();
        return protection with
        {
            MaskColumns = MaskColumn ?? protection.MaskColumns,
            HashColumns = HashColumn ?? protection.HashColumns,
            EscapeFormulas = Bound(nameof(EscapeFormulas)) ? EscapeFormulas : protection.EscapeFormulas,
        };
    }

    /// <summary>The encryption from -PublicKeyFile/-SigningKeyFile/-Armor (paths resolved against the
    /// current location), over <paramref name="current"/>; '-PublicKeyFile' set to '' turns it off.</summary>
    private PgpEncryption? Encryption(PgpEncryption? current = null)
    {
        if (!Bound(nameof(PublicKeyFile)) && !Bound(nameof(SigningKeyFile)) && !Bound(nameof(Armor)))
        {
            return current;
        }

        var publicKey = PublicKeyFile is null ? current?.PublicKeyFile : SessionState.Path.GetUnresolvedProviderPathFromPSPath(PublicKeyFile);
        if (publicKey is null)
        {
            throw new ConnectException(ErrorIds.SigningNeedsEncryption, ErrorKind.InvalidArgument, SigningKeyFile, CommandMessages.EncryptionNeedsPublicKey);
        }

        return new PgpEncryption
        {
            PublicKeyFile = publicKey,
            SigningKeyFile = Bound(nameof(SigningKeyFile))
                ? (string.IsNullOrEmpty(SigningKeyFile) ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(SigningKeyFile))
                : current?.SigningKeyFile,
            Armor = Bound(nameof(Armor)) ? Armor : current?.Armor ?? false,
        };
    }
}
