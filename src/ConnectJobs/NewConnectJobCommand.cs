using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>New-ConnectJob: defines an import job.</summary>
[Cmdlet(VerbsCommon.New, "ConnectJob", SupportsShouldProcess = true)]
[OutputType(typeof(ConnectJob))]
public sealed class NewConnectJobCommand : JobSettingsCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true)]
    [ArgumentCompleter(typeof(Completion.ListNameCompleter))]
    [ValidateNotNullOrEmpty]
    public override string? List { get; set; }

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public override string? SourceDirectory { get; set; }

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public override string? FilePattern { get; set; }

    /// <summary>Creates the job inactive: it runs only when invoked, not on its schedule.</summary>
    [Parameter]
    public SwitchParameter Disabled { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var settings = Settings(null);
        if (ShouldProcess(Name, CommandMessages.ActionCreateJob))
        {
            var job = Await(Store.CreateJobAsync(Name, !Disabled, Description, settings, CancellationToken));
            if (PassThru)
            {
                WriteObject(job);
            }
        }
    });
}
