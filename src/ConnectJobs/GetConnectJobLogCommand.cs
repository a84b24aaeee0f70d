using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>Get-ConnectJobLog: the log of a run.</summary>
[Cmdlet(VerbsCommon.Get, "ConnectJobLog", DefaultParameterSetName = IdSet)]
[OutputType(typeof(RunLogEntry))]
public sealed class GetConnectJobLogCommand : ConnectCmdlet
{
    private const string IdSet = "Id";
    private const string NameSet = "Name";

    /// <summary>The job, by name; with no -RunId its latest run.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
    [ArgumentCompleter(typeof(Completion.JobNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Job { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    public long JobId { get; set; }

    [Parameter(Position = 1, ParameterSetName = NameSet)]
    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long RunId { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var jobId = ParameterSetName == NameSet ? FindJob(Job).Id : JobId;
        var runs = Await(Store.GetRunsAsync(jobId, null, null, CancellationToken));
        var run = (MyInvocation.BoundParameters.ContainsKey(nameof(RunId)) ? runs.FirstOrDefault(r => r.RunId == RunId) : runs.FirstOrDefault())
            ?? throw new ConnectException(ErrorIds.RunNotFound, ErrorKind.NotFound, $"{jobId}.{RunId}", string.Format(System.Globalization.CultureInfo.CurrentCulture, CommandMessages.RunNotFound, jobId, RunId));
        WriteObject(Await(Store.GetRunLogAsync(run.JobId, run.RunId, CancellationToken)), enumerateCollection: true);
    });
}
