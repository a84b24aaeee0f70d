using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>Copy-ConnectJob: copies an inactive job under a new name; the copy is inactive.</summary>
[Cmdlet(VerbsCommon.Copy, "ConnectJob", SupportsShouldProcess = true)]
[OutputType(typeof(ConnectJob))]
public sealed class CopyConnectJobCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.JobNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string NewName { get; set; } = "";

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var job = FindJob(Name);
        if (ShouldProcess(job.Name, string.Format(System.Globalization.CultureInfo.CurrentCulture, CommandMessages.ActionCopyJob, NewName)))
        {
            var copy = Await(Store.CopyJobAsync(job, NewName, CancellationToken));
            if (PassThru)
            {
                WriteObject(copy);
            }
        }
    });
}
