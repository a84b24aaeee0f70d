using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>Enable-ConnectJob and Disable-ConnectJob: the same change, to opposite states.</summary>
public abstract class JobStateCmdlet : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.JobNameCompleter))]
    public string[] Name { get; set; } = [];

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private protected abstract bool Enabled { get; }

    private protected abstract string Action { get; }

    protected override void ProcessRecord()
    {
        foreach (var job in SelectJobs(Name))
        {
            Run(() =>
            {
                if (ShouldProcess(job.Name, Action))
                {
                    var changed = job.Enabled == Enabled ? job : Await(Store.UpdateJobAsync(job, null, Enabled, null, null, CancellationToken));
                    if (PassThru)
                    {
                        WriteObject(changed);
                    }
                }
            });
        }
    }
}

/// <summary>Enable-ConnectJob: lets jobs run on their schedule again.</summary>
[Cmdlet(VerbsLifecycle.Enable, "ConnectJob", SupportsShouldProcess = true)]
[OutputType(typeof(ConnectJob))]
public sealed class EnableConnectJobCommand : JobStateCmdlet
{
    private protected override bool Enabled => true;

    private protected override string Action => CommandMessages.ActionEnableJob;
}

/// <summary>Disable-ConnectJob: makes jobs inactive (they still run when invoked).</summary>
[Cmdlet(VerbsLifecycle.Disable, "ConnectJob", SupportsShouldProcess = true)]
[OutputType(typeof(ConnectJob))]
public sealed class DisableConnectJobCommand : JobStateCmdlet
{
    private protected override bool Enabled => false;

    private protected override string Action => CommandMessages.ActionDisableJob;
}
