using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Management.Automation;
using ConnectJobs.Data;
using ConnectJobs.Export;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>The job parameters that New-ConnectJob and Set-ConnectJob share, for import and export
/// jobs, and how they become a job's settings. Parameters of the other kind of job are refused.</summary>
public abstract partial class JobSettingsCmdlet : ExportOptionsCmdlet, IDynamicParameters, IRunSettingsParameters
{
    protected const string ImportSet = "Import";
    protected const string ImportTableSet = "ImportTable";
    protected const string ImportEventsSet = "ImportEvents";
    protected const string FromImportSet = "FromImport";

    /// <summary>The profile list an import job merges into.</summary>
    public abstract string? List { get; set; }

    /// <summary>The table an import job merges into, instead of a list.</summary>
    public abstract string? Table { get; set; }

    /// <summary>The folder the inbound files arrive in; relative paths follow the current location.</summary>
    public abstract string? SourceDirectory { get; set; }

    /// <summary>The inbound file name: date tokens such as {yyyyMMdd} and wildcards.</summary>
    public abstract string? FilePattern { get; set; }

    /// <summary>The list or table an export job writes.</summary>
    public abstract string? Source { get; set; }

    /// <summary>The folder an export job delivers to; relative paths follow the current location.</summary>
    public abstract string? TargetDirectory { get; set; }

    /// <summary>The exported file's name, with date tokens.</summary>
    public abstract string? FileName { get; set; }

    /// <summary>How long a file must have gone unwritten before a run takes it.</summary>
    [Parameter(ParameterSetName = ImportSet)]
    [Parameter(ParameterSetName = ImportTableSet)]
    [Parameter(ParameterSetName = ImportEventsSet)]
    [Parameter(ParameterSetName = FromImportSet)]
    public TimeSpan SettlingTime { get; set; }

    /// <summary>Each file goes into a new extension table of the job's list, deleted after this many days (0: into the list).</summary>
    [Parameter(ParameterSetName = ImportSet)]
    [Parameter(ParameterSetName = ImportTableSet)]
    [Parameter(ParameterSetName = ImportEventsSet)]
    [Parameter(ParameterSetName = FromImportSet)]
    [ValidateRange(0, 90)]
    public int AutoExtensionTableDays { get; set; }

    /// <summary>The count file's name, '{name}' standing for the data file's name without extension.</summary>
    [Parameter(ParameterSetName = ImportSet)]
    [Parameter(ParameterSetName = ImportTableSet)]
    [Parameter(ParameterSetName = ImportEventsSet)]
    [Parameter(ParameterSetName = FromImportSet)]
    [AllowEmptyString]
    public string? CountFile { get; set; }

    [Parameter(ParameterSetName = ImportSet)]
    [Parameter(ParameterSetName = ImportTableSet)]
    [Parameter(ParameterSetName = ImportEventsSet)]
    [Parameter(ParameterSetName = FromImportSet)]
    public SwitchParameter ProcessMissedFiles { get; set; }

    [Parameter(ParameterSetName = ImportSet)]
    [Parameter(ParameterSetName = ImportTableSet)]
    [Parameter(ParameterSetName = ImportEventsSet)]
    [Parameter(ParameterSetName = FromImportSet)]
    [ValidateNotNullOrEmpty]
    public string? ArchiveFolder { get; set; }

    [Parameter(ParameterSetName = ImportSet)]
    [Parameter(ParameterSetName = ImportTableSet)]
    [Parameter(ParameterSetName = ImportEventsSet)]
    [Parameter(ParameterSetName = FromImportSet)]
    [ValidateNotNullOrEmpty]
    public string? FailedFolder { get; set; }

    /// <summary>A saved filter on the exported list ('' for none).</summary>
    [Parameter(ParameterSetName = ExportSet)]
    [JobKinds(JobKind.Export)]
    [AllowEmptyString]
    [ArgumentCompleter(typeof(Completion.FilterNameCompleter))]
    public string? FilterName { get; set; }

    [Parameter(ParameterSetName = ExportSet)]
    [JobKinds(JobKind.Export)]
    public SwitchParameter Incremental { get; set; }

    [Parameter(ParameterSetName = ExportSet)]
    public SwitchParameter NoRunIdPrefix { get; set; }

    [Parameter(ParameterSetName = ExportSet)]
    public ReadyFileContent ReadyFile { get; set; } = ReadyFileContent.None;

    [Parameter(ParameterSetName = ExportSet)]
    [ValidateNotNullOrEmpty]
    public string? ReadyFileName { get; set; }

    /// <summary>Delete this job's delivered files older than this many days (0: keep them).</summary>
    [Parameter(ParameterSetName = ExportSet)]
    [ValidateRange(0, 3650)]
    public int RetentionDays { get; set; }

    [Parameter]
    public string? Description { get; set; }

    /// <summary>The longest a run may take; a run still going then is stopped, rolled back and failed (RunTimedOut).</summary>
    [Parameter]
    public TimeSpan RunTimeout { get; set; }

    /// <summary>The server the directory is on ('' for a local or mounted folder).</summary>
    [Parameter]
    [AllowEmptyString]
    [ArgumentCompleter(typeof(Completion.ConnectionNameCompleter))]
    public string? Connection { get; set; }

    /// <summary>The passphrase of the -DecryptionKeyFile key (the user name is not used), kept encrypted in the store.</summary>
    [Parameter(ParameterSetName = ImportSet)]
    [Parameter(ParameterSetName = ImportTableSet)]
    [Parameter(ParameterSetName = ImportEventsSet)]
    [Parameter(ParameterSetName = FromImportSet)]
    [Credential]
    public PSCredential? DecryptionCredential { get; set; }

    /// <summary>When the job's runs are told about: Never, Failure (only failed runs) or Always.</summary>
    [Parameter]
    public NotifyCondition NotifyOn { get; set; }

    /// <summary>Email addresses that get the notification (through -MailConnection); @() for none.</summary>
    [Parameter]
    [AllowEmptyCollection]
    public string[]? NotifyEmail { get; set; }

    /// <summary>The mail server connection (-Protocol Smtp) that sends the email.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.ConnectionNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? MailConnection { get; set; }

    /// <summary>An http(s) address that gets each notified run as JSON; '' for none.</summary>
    [Parameter]
    [AllowEmptyString]
    public string? NotifyWebhook { get; set; }

    /// <summary>A job or group to run after each successful run ('' for none).</summary>
    [Parameter]
    [AllowEmptyString]
    [ArgumentCompleter(typeof(Completion.JobNameCompleter))]
    public string? OnSuccessRun { get; set; }

    /// <summary>The job's files are events, stored in the event store (a sending platform's event files).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ImportEventsSet)]
    public SwitchParameter EventStore { get; set; }

    /// <summary>Raise a ConnectJobCompleted event after each successful run that loaded or wrote records.</summary>
    [Parameter]
    public SwitchParameter RaiseCompletedEvent { get; set; }

    /// <summary>A Custom event of this name for every list record an import run inserts or updates ('' for none).</summary>
    [Parameter(ParameterSetName = ImportSet)]
    [Parameter(ParameterSetName = FromImportSet)]
    [AllowEmptyString]
    public string? CustomEvent { get; set; }

    /// <summary>When the job runs by itself: a schedule from New-ConnectSchedule (New-ConnectSchedule -OnDemand for none).</summary>
    [Parameter]
    public Schedules.JobSchedule? Schedule { get; set; }

    internal ImportParameters Import { get; } = new();

    /// <summary>Keeps -Schedule as the job's schedule, when it was given.</summary>
    internal ConnectJob SaveSchedule(ConnectJob job) => Schedule is null ? job : Await(Store.SetScheduleAsync(job, Schedule, CancellationToken));

    /// <summary>Keeps -DecryptionCredential's passphrase as the job's secret, when it was given.</summary>
    internal void SaveSecret(ConnectJob job)
    {
        if (DecryptionCredential is not null)
        {
            Await(Store.SetJobSecretAsync(job, DecryptionCredential.GetNetworkCredential().Password, CancellationToken));
        }
    }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The import parameters, unless an export job's or feed's parameter is given: then
    /// PowerShell itself refuses them when it binds the command.</summary>
    public object? GetDynamicParameters() => MyInvocation.BoundParameters.Keys.Any(p => KindsOf(p) is { } kinds && !kinds.Contains(JobKind.Import)) ? null : Import;

    /// <summary>The kinds of job a parameter is for, from its parameter sets (and <see cref="JobKindsAttribute"/>
    /// where the export set is shared by exports and feeds); null when every kind takes it.</summary>
    private IReadOnlyList<JobKind>? KindsOf(string parameter)
    {
        if (typeof(ImportParameters).GetProperty(parameter, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null)
        {
            return [JobKind.Import];
        }

        var property = GetType().GetProperty(parameter, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is not null && Attribute.GetCustomAttribute(property, typeof(JobKindsAttribute), inherit: true) is JobKindsAttribute marked)
        {
            return marked.Kinds;
        }

        var sets = property is null ? [] : Attribute.GetCustomAttributes(property, typeof(ParameterAttribute), inherit: true).Cast<ParameterAttribute>().Select(a => a.ParameterSetName).ToList();
        return sets.Count == 0 ? null
            : sets.All(set => set == ExportSet) ? [JobKind.Export, JobKind.EventFeed]
            : sets.All(set => set is ImportSet or ImportTableSet or ImportEventsSet or FromImportSet) ? [JobKind.Import]
            : null;
    }

    /// <summary>The settings of a job of that kind from the parameters given, over
    /// <paramref name="current"/> when a job is changed. Names are checked now, not at the first run.
    /// (New-ConnectJob's parameter sets refuse the other kind's parameters as it is bound; a job
    /// changed by Set-ConnectJob has its kind in the store.)</summary>
    internal JobSettings Settings(JobKind kind, JobSettings? current)
    {
        var foreign = MyInvocation.BoundParameters.Keys.FirstOrDefault(p => KindsOf(p) is { } kinds && !kinds.Contains(kind));
        if (foreign is not null)
        {
            throw new ConnectException(ErrorIds.ParameterNotForJobKind, ErrorKind.InvalidArgument, foreign, string.Format(CultureInfo.CurrentCulture, CommandMessages.ParameterNotForJobKind, foreign, kind));
        }

        if (Bound(nameof(RunTimeout)) && RunTimeout <= TimeSpan.Zero)
        {
            throw new ConnectException(ErrorIds.InvalidRunTimeout, ErrorKind.InvalidArgument, RunTimeout, string.Format(CultureInfo.CurrentCulture, CommandMessages.InvalidRunTimeout, RunTimeout));
        }

        return kind switch
        {
            JobKind.Import => ImportSettings(current as ImportJobSettings),
            JobKind.EventFeed => FeedSettings(current as ExportJobSettings),
            _ => ExportSettings(current as ExportJobSettings),
        };
    }

    private ImportJobSettings ImportSettings(ImportJobSettings? current)
    {
        // -List, -Table or -EventStore names a new target; otherwise the job keeps its own.
        var events = EventStore.IsPresent || (List is null && Table is null && current is { TargetEvents: true });
        var target = events ? null
            : List is not null ? FindTarget(List, list: true)
            : Table is not null ? FindTarget(Table, list: false)
            : current!.TargetTable is { } table ? FindTarget(table, list: false) : FindTarget(current.TargetList!, list: true);
        // A new job that names no folder reads the store's upload folder (the connection's base
        // directory, on a connection) and archives into the store's archive folder.
        var connection = ConnectionName(current?.Connection);
        var source = SourceDirectory is not null ? Directory(SourceDirectory, connection) : current is { SourceDirectory.Length: > 0 } ? current.SourceDirectory : null;
        var storeFolders = source is null && connection is null;
        var settings = new ImportJobSettings
        {
            Connection = connection,
            SourceDirectory = source ?? (connection is null ? Store.UploadFolder : ""),
            FilePattern = FilePattern ?? current!.FilePattern,
            TargetList = target?.Kind == TargetKind.List ? target.Name : null,
            TargetTable = target is { Kind: not TargetKind.List } ? target.Name : null,
            TargetEvents = events,
            AutoExtensionTableDays = Bound(nameof(AutoExtensionTableDays)) ? (AutoExtensionTableDays == 0 ? null : AutoExtensionTableDays) : current?.AutoExtensionTableDays,
            Options = Import.Options(this, current?.Options),
            CountFile = Bound(nameof(CountFile)) ? (string.IsNullOrEmpty(CountFile) ? null : CountFile) : current?.CountFile,
            ProcessMissedFiles = Bound(nameof(ProcessMissedFiles)) ? ProcessMissedFiles : current?.ProcessMissedFiles ?? false,
            SettlingTime = Bound(nameof(SettlingTime)) ? SettlingTime : current?.SettlingTime,
            ArchiveFolder = ArchiveFolder ?? (storeFolders ? Store.ArchiveFolder : current?.ArchiveFolder ?? "archive"),
            FailedFolder = FailedFolder ?? current?.FailedFolder ?? "failed",
            RunTimeout = Bound(nameof(RunTimeout)) ? RunTimeout : current?.RunTimeout,
            Notify = Notification(this, current?.Notify),
            OnSuccessRun = FollowUp(this, current?.OnSuccessRun),
            RaiseCompletedEvent = Bound(nameof(RaiseCompletedEvent)) ? RaiseCompletedEvent : current?.RaiseCompletedEvent ?? false,
            CustomEvent = Bound(nameof(CustomEvent)) ? (string.IsNullOrWhiteSpace(CustomEvent) ? null : CustomEvent.Trim()) : current?.CustomEvent,
        };
        JobDefinitionRules.CheckFilePattern(settings.FilePattern);
        if (settings.Connection is not null)
        {
            JobDefinitionRules.CheckRemoteDirectory(settings.SourceDirectory);
        }

        if (target is null)
        {
            CheckEventJob(settings);
            return settings;
        }

        if (settings.AutoExtensionTableDays is not null && target.Kind != TargetKind.List)
        {
            throw new ConnectException(ErrorIds.ImportOptionNotForTarget, ErrorKind.InvalidArgument, target.Name, string.Format(CultureInfo.CurrentCulture, CommandMessages.AutoTableNeedsList, target.Name));
        }

        // An extension table matches on its list's columns; a supplemental table on its key; a suppression list on the entry.
        var matchedIn = target is DataTable { Kind: TargetKind.Extension } extension ? FindTarget(extension.List!, list: true) : target;
        if (settings.AutoExtensionTableDays is null)
        {
            JobDefinitionRules.CheckMapping(target, matchedIn == target ? null : matchedIn, settings.Options.Mapping);
        }

        foreach (var match in target.Kind is TargetKind.List or TargetKind.Extension ? settings.Options.MatchColumns : [])
        {
            if (!matchedIn.Columns.Any(c => c.Name.Equals(match, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ConnectException(ErrorIds.ColumnNotFound, ErrorKind.InvalidArgument, match, string.Format(CultureInfo.CurrentCulture, CommandMessages.MatchColumnNotInList, match, matchedIn.Name));
            }
        }

        return settings;
    }

    /// <summary>The connection from -Connection (checked), over the job's own.</summary>
    private string? ConnectionName(string? current) =>
        !Bound(nameof(Connection)) ? current : string.IsNullOrEmpty(Connection) ? null : FindConnection(Connection).Name;

    /// <summary>A local folder follows the current location; a directory on a connection is the server's.</summary>
    private string Directory(string directory, string? connection) =>
        connection is null ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(directory) : directory;

    /// <summary>A manual import as the starting point of a job: its target, file layout, mapping,
    /// rules and header (which later files must keep).</summary>
    internal ImportJobSettings Template(Import.ImportResult result)
    {
        var request = result.Request ?? throw new ConnectException(ErrorIds.NotAnImport, ErrorKind.InvalidArgument, result, CommandMessages.NotAnImport);
        var target = Await(Store.FindTargetAsync(result.Target, CancellationToken)) ?? throw DataTargetErrors.AnyNotFound(result.Target);
        return new ImportJobSettings
        {
            SourceDirectory = "",
            FilePattern = "",
            TargetList = target.Kind == TargetKind.List ? target.Name : null,
            TargetTable = target.Kind == TargetKind.List ? null : target.Name,
            Options = request.Options with { ExpectedHeader = result.Header },
        };
    }

    private ExportJobSettings ExportSettings(ExportJobSettings? current)
    {
        var name = Source ?? current?.Source
            ?? throw new ConnectException(ErrorIds.InvalidFeed, ErrorKind.InvalidArgument, nameof(Source), CommandMessages.ExportNeedsSource);
        var source = Await(Store.FindTargetAsync(name, CancellationToken)) ?? throw DataTargetErrors.AnyNotFound(name);
        var filter = Bound(nameof(FilterName)) ? (string.IsNullOrEmpty(FilterName) ? null : FilterName) : current?.Filter;
        if (filter is not null)
        {
            filter = FindFilter(filter, source).Name;
        }

        var settings = ExportCommon(current) with
        {
            Source = source.Name,
            Filter = filter,
            Columns = Column ?? current?.Columns,
            Incremental = Bound(nameof(Incremental)) ? Incremental : current?.Incremental ?? false,
            Recipients = Recipients(current?.Recipients),
            FileName = FileName ?? current?.FileName
                ?? throw new ConnectException(ErrorIds.InvalidFilePattern, ErrorKind.InvalidArgument, nameof(FileName), CommandMessages.ExportNeedsFileName),
            RunIdPrefix = Bound(nameof(NoRunIdPrefix)) ? !NoRunIdPrefix : current?.RunIdPrefix ?? true,
        };
        CheckColumns(source, settings.Columns);
        JobDefinitionRules.CheckFilePattern(settings.FileName);
        return settings;
    }

    /// <summary>What exports of records and event feeds share: where the file goes and how it is
    /// written, its ready file, retention, time limit, notification and follow-up (checked).</summary>
    private ExportJobSettings ExportCommon(ExportJobSettings? current)
    {
        var settings = new ExportJobSettings
        {
            Source = "",
            FileName = "",
            Connection = ConnectionName(current?.Connection),
            TargetDirectory = TargetDirectory is not null ? Directory(TargetDirectory, ConnectionName(current?.Connection))
                : current?.TargetDirectory ?? (ConnectionName(null) is null ? Store.DownloadFolder : ""),
            Options = ExportOptions(current?.Options),
            ReadyFile = Bound(nameof(ReadyFile)) ? (ReadyFileKind)ReadyFile : current?.ReadyFile ?? ReadyFileKind.None,
            ReadyFileName = ReadyFileName ?? current?.ReadyFileName ?? "{job}.ready",
            RetentionDays = Bound(nameof(RetentionDays)) ? (RetentionDays == 0 ? null : RetentionDays) : current?.RetentionDays,
            RunTimeout = Bound(nameof(RunTimeout)) ? RunTimeout : current?.RunTimeout,
            Notify = Notification(this, current?.Notify),
            OnSuccessRun = FollowUp(this, current?.OnSuccessRun),
            RaiseCompletedEvent = Bound(nameof(RaiseCompletedEvent)) ? RaiseCompletedEvent : current?.RaiseCompletedEvent ?? false,
        };
        if (settings.Connection is not null)
        {
            JobDefinitionRules.CheckRemoteDirectory(settings.TargetDirectory);
        }

        if (settings.Options.Encryption is not null)
        {
            // A job cannot keep a passphrase: its signing key must open without one.
            Exporter.CheckKeys(settings.Options.Encryption, null);
        }

        return settings;
    }
}
