using System.Management.Automation;
using ConnectJobs.Data;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>The job parameters that New-ConnectJob and Set-ConnectJob share, on top of the import
/// options, and how they become a job's settings.</summary>
public abstract class JobSettingsCmdlet : ImportOptionsCmdlet
{
    /// <summary>The profile list the job merges into (mandatory for New-ConnectJob).</summary>
    public abstract string? List { get; set; }

    /// <summary>The folder the inbound files arrive in; relative paths follow the current location.</summary>
    public abstract string? SourceDirectory { get; set; }

    /// <summary>The inbound file name: date tokens such as {yyyyMMdd} and wildcards.</summary>
    public abstract string? FilePattern { get; set; }

    /// <summary>The count file's name, '{name}' standing for the data file's name without extension.</summary>
    [Parameter]
    [AllowEmptyString]
    public string? CountFile { get; set; }

    [Parameter]
    public SwitchParameter FailIfEmpty { get; set; }

    [Parameter]
    public SwitchParameter ProcessMissedFiles { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ArchiveFolder { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? FailedFolder { get; set; }

    [Parameter]
    public string? Description { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The settings from the parameters given, over <paramref name="current"/> when a job
    /// is changed. The list and the match columns are checked now, not at the first run.</summary>
    internal ImportJobSettings Settings(ImportJobSettings? current)
    {
        var list = FindTarget(List ?? current!.TargetList, list: true);
        var settings = new ImportJobSettings
        {
            SourceDirectory = SourceDirectory is null ? current!.SourceDirectory : SessionState.Path.GetUnresolvedProviderPathFromPSPath(SourceDirectory),
            FilePattern = FilePattern ?? current!.FilePattern,
            TargetList = list.Name,
            Format = Format(current?.Format),
            Mapping = Mapping(current?.Mapping),
            MatchColumns = MatchColumns(current?.MatchColumns),
            OnMatch = Matched(current?.OnMatch),
            OnNoMatch = Unmatched(current?.OnNoMatch),
            CountFile = Bound(nameof(CountFile)) ? (string.IsNullOrEmpty(CountFile) ? null : CountFile) : current?.CountFile,
            FailIfEmpty = Bound(nameof(FailIfEmpty)) ? FailIfEmpty : current?.FailIfEmpty ?? false,
            ProcessMissedFiles = Bound(nameof(ProcessMissedFiles)) ? ProcessMissedFiles : current?.ProcessMissedFiles ?? false,
            ArchiveFolder = ArchiveFolder ?? current?.ArchiveFolder ?? "archive",
            FailedFolder = FailedFolder ?? current?.FailedFolder ?? "failed",
        };
        foreach (var match in settings.MatchColumns)
        {
            if (!list.Columns.Any(c => c.Name.Equals(match, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ConnectException("ColumnNotFound", ErrorKind.InvalidArgument, match, string.Format(System.Globalization.CultureInfo.CurrentCulture, CommandMessages.MatchColumnNotInList, match, list.Name));
            }
        }

        return settings;
    }
}
