using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>Get-ConnectJobRun: run history, newest first, by job, status and time.</summary>
[Cmdlet(VerbsCommon.Get, "ConnectJobRun")]
[OutputType(typeof(JobRun))]
public sealed class GetConnectJobRunCommand : ConnectCmdlet
{
    /// <summary>The jobs whose runs to show (wildcards); all jobs when not given.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.JobNameCompleter))]
    public string[]? Job { get; set; }

    [Parameter]
    [ValidateSet(nameof(RunStatus.Running), nameof(RunStatus.Succeeded), nameof(RunStatus.PartiallySucceeded), nameof(RunStatus.Failed), nameof(RunStatus.Stopped), nameof(RunStatus.Waiting), nameof(RunStatus.Skipped), nameof(RunStatus.Missed), IgnoreCase = true)]
    public string[]? Status { get; set; }

    /// <summary>Only runs that started at or after this time.</summary>
    [Parameter]
    public DateTime? After { get; set; }

    /// <summary>Only the newest runs of each job.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Last { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var jobs = Job is null ? null : SelectJobs(Job).Select(j => j.Id).ToHashSet();
        var runs = Await(Store.GetRunsAsync(null, null, After, CancellationToken))
            .Where(r => jobs is null || jobs.Contains(r.JobId))
            .Where(r => Status is null || Status.Contains(r.Status.ToString(), StringComparer.OrdinalIgnoreCase));
        if (Last is int last)
        {
            runs = runs.GroupBy(r => r.JobId).SelectMany(g => g.Take(last)).OrderByDescending(r => r.Started);
        }

        WriteObject(runs, enumerateCollection: true);
    });
}
