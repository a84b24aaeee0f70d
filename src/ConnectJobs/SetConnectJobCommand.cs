using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>Set-ConnectJob: changes a job's name, description or settings; what is not given stays.</summary>
[Cmdlet(VerbsCommon.Set, "ConnectJob", SupportsShouldProcess = true, DefaultParameterSetName = ImportSet)]
[OutputType(typeof(ConnectJob))]
public sealed class SetConnectJobCommand : JobSettingsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.JobNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NewName { get; set; }

    [Parameter(ParameterSetName = ImportSet)]
    [ArgumentCompleter(typeof(Completion.ListNameCompleter))]
    [ValidateNotNullOrEmpty]
    public override string? List { get; set; }

    [Parameter(ParameterSetName = ImportTableSet)]
    [ArgumentCompleter(typeof(Completion.TableNameCompleter))]
    [ValidateNotNullOrEmpty]
    public override string? Table { get; set; }

    [Parameter(ParameterSetName = ImportSet)]
    [Parameter(ParameterSetName = ImportTableSet)]
    [Parameter(ParameterSetName = ImportEventsSet)]
    [Parameter(ParameterSetName = FromImportSet)]
    [ValidateNotNullOrEmpty]
    public override string? SourceDirectory { get; set; }

    [Parameter(ParameterSetName = ImportSet)]
    [Parameter(ParameterSetName = ImportTableSet)]
    [Parameter(ParameterSetName = ImportEventsSet)]
    [Parameter(ParameterSetName = FromImportSet)]
    [ValidateNotNullOrEmpty]
    public override string? FilePattern { get; set; }

    [Parameter(ParameterSetName = ExportSet)]
    [ArgumentCompleter(typeof(Completion.SourceNameCompleter))]
    [ValidateNotNullOrEmpty]
    [JobKinds(JobKind.Export)]
    public override string? Source { get; set; }

    [Parameter(ParameterSetName = ExportSet)]
    [ValidateNotNullOrEmpty]
    public override string? TargetDirectory { get; set; }

    [Parameter(ParameterSetName = ExportSet)]
    [ValidateNotNullOrEmpty]
    public override string? FileName { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var job = FindJob(Name);
        var settings = Settings(job.Kind, job.Settings);
        if (ShouldProcess(job.Name, CommandMessages.ActionUpdateJob))
        {
            var changed = Await(Store.UpdateJobAsync(job, NewName, null, Description, settings, CancellationToken));
            SaveSecret(changed);
            changed = SaveSchedule(changed);
            if (PassThru)
            {
                WriteObject(changed);
            }
        }
    });
}
