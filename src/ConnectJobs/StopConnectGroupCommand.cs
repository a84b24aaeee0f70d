using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>Stop-ConnectGroup: stops a group's run in progress, in whichever process runs it: the
/// member running now is stopped (rolled back, recorded Stopped) and the members after it are not run.</summary>
[Cmdlet(VerbsLifecycle.Stop, "ConnectGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class StopConnectGroupCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.GroupNameCompleter))]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var group in SelectGroups(Name))
        {
            Run(() => Stop(group));
        }
    }

    private void Stop(JobGroup group)
    {
        if (!ShouldProcess(group.Name, CommandMessages.ActionStopGroup))
        {
            return;
        }

        // Between two members no job is running for a moment: look again briefly.
        for (var attempt = 0; group.Running && attempt < 20; attempt++)
        {
            foreach (var member in group.Jobs)
            {
                if (Await(Store.FindJobAsync(member, CancellationToken)) is { Running: true } job && Await(Store.RequestStopAsync(job, CancellationToken)))
                {
                    return;
                }
            }

            Await(Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken));
            group = Await(Store.FindGroupAsync(group.Name, CancellationToken)) ?? group;
        }

        throw new ConnectException(ErrorIds.GroupNotRunning, ErrorKind.InvalidOperation, group.Name, string.Format(CultureInfo.CurrentCulture, CommandMessages.GroupNotRunning, group.Name));
    }
}
