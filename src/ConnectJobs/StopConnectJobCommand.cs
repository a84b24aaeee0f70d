using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>Stop-ConnectJob: stops a job's run in progress, in whichever process runs it (the
/// tick's, a scheduled task's). That process notices within seconds and stops the run as Ctrl+C
/// would: rolled back, the source file where it was, recorded Stopped.</summary>
[Cmdlet(VerbsLifecycle.Stop, "ConnectJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(JobRun))]
public sealed class StopConnectJobCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.JobNameCompleter))]
    public string[] Name { get; set; } = [];

    /// <summary>Wait for the run to end (up to -Timeout) and write it.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(1);

    protected override void ProcessRecord()
    {
        foreach (var job in SelectJobs(Name))
        {
            Run(() => Stop(job));
        }
    }

    private void Stop(ConnectJob job)
    {
        if (!ShouldProcess(job.Name, CommandMessages.ActionStopJob))
        {
            return;
        }

        if (!Await(Store.RequestStopAsync(job, CancellationToken)))
        {
            throw new ConnectException(ErrorIds.JobNotRunning, ErrorKind.InvalidOperation, job.Name, string.Format(CultureInfo.CurrentCulture, CommandMessages.JobNotRunning, job.Name));
        }

        if (!Wait)
        {
            return;
        }

        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var latest = Await(Store.GetRunsAsync(job.Id, null, null, CancellationToken)).MaxBy(r => r.RunId);
            if (latest is not null && latest.Status != RunStatus.Running)
            {
                WriteObject(latest);
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new ConnectException(ErrorIds.StopTimedOut, ErrorKind.ResourceUnavailable, job.Name, string.Format(CultureInfo.CurrentCulture, CommandMessages.StopTimedOut, job.Name, Timeout));
            }

            Await(Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken));
        }
    }
}
