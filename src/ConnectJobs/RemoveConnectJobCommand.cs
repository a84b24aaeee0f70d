using System.Management.Automation;

namespace ConnectJobs.Commands;

/// <summary>Remove-ConnectJob: deletes jobs and their run history.</summary>
[Cmdlet(VerbsCommon.Remove, "ConnectJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveConnectJobCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.JobNameCompleter))]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var job in SelectJobs(Name))
        {
            Run(() =>
            {
                if (ShouldProcess(job.Name, CommandMessages.ActionRemoveJob))
                {
                    Await(Store.RemoveJobAsync(job, CancellationToken));
                }
            });
        }
    }
}
