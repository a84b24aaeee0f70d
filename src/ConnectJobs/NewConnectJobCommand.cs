using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>New-ConnectJob: defines an import job (files merged into a list), an export job (a
/// list, filter or table written to a file) or an event feed (events written to a file per type).</summary>
[Cmdlet(VerbsCommon.New, "ConnectJob", SupportsShouldProcess = true, DefaultParameterSetName = ImportSet)]
[OutputType(typeof(ConnectJob))]
public sealed class NewConnectJobCommand : JobSettingsCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = ImportSet)]
    [ArgumentCompleter(typeof(Completion.ListNameCompleter))]
    [ValidateNotNullOrEmpty]
    public override string? List { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ImportTableSet)]
    [ArgumentCompleter(typeof(Completion.TableNameCompleter))]
    [ValidateNotNullOrEmpty]
    public override string? Table { get; set; }

    /// <summary>A result of Import-ConnectRecord: the job takes its target, layout, mapping, rules and header.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FromImportSet, ValueFromPipeline = true)]
    public Import.ImportResult? FromImport { get; set; }

    [Parameter(ParameterSetName = ImportSet)]
    [Parameter(ParameterSetName = ImportTableSet)]
    [Parameter(ParameterSetName = ImportEventsSet)]
    [Parameter(ParameterSetName = FromImportSet)]
    [ValidateNotNullOrEmpty]
    public override string? SourceDirectory { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ImportSet)]
    [Parameter(Mandatory = true, ParameterSetName = ImportTableSet)]
    [Parameter(Mandatory = true, ParameterSetName = ImportEventsSet)]
    [Parameter(Mandatory = true, ParameterSetName = FromImportSet)]
    [ValidateNotNullOrEmpty]
    public override string? FilePattern { get; set; }

    /// <summary>The list or table an export job writes (an event feed has -EventType instead).</summary>
    [Parameter(ParameterSetName = ExportSet)]
    [ArgumentCompleter(typeof(Completion.SourceNameCompleter))]
    [ValidateNotNullOrEmpty]
    [JobKinds(JobKind.Export)]
    public override string? Source { get; set; }

    [Parameter(ParameterSetName = ExportSet)]
    [ValidateNotNullOrEmpty]
    public override string? TargetDirectory { get; set; }

    /// <summary>The file name with date tokens (an event feed's default: {account}_{type}_{yyyyMMdd_HHmmss}.txt).</summary>
    [Parameter(ParameterSetName = ExportSet)]
    [ValidateNotNullOrEmpty]
    public override string? FileName { get; set; }

    /// <summary>Creates the job inactive: it runs only when invoked, not on its schedule.</summary>
    [Parameter]
    public SwitchParameter Disabled { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var kind = ParameterSetName != ExportSet ? JobKind.Import : EventType is null ? JobKind.Export : JobKind.EventFeed;
        var settings = Settings(kind, FromImport is null ? null : Template(FromImport));
        if (ShouldProcess(Name, CommandMessages.ActionCreateJob))
        {
            var job = Await(Store.CreateJobAsync(Name, !Disabled, Description, settings, CancellationToken));
            SaveSecret(job);
            job = SaveSchedule(job);
            if (PassThru)
            {
                WriteObject(job);
            }
        }
    });
}
