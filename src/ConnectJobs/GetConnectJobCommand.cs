using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>Get-ConnectJob: the jobs of the store, by name (wildcards) or number.</summary>
[Cmdlet(VerbsCommon.Get, "ConnectJob", DefaultParameterSetName = NameSet)]
[OutputType(typeof(ConnectJob))]
public sealed class GetConnectJobCommand : ConnectCmdlet
{
    private const string NameSet = "Name";
    private const string IdSet = "Id";
    private const string DueSet = "Due";

    [Parameter(Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.JobNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [Alias("JobId")]
    public long[] Id { get; set; } = [];

    /// <summary>The enabled jobs whose scheduled run has come (what Invoke-ConnectJob -Due would run now).</summary>
    [Parameter(Mandatory = true, ParameterSetName = DueSet)]
    public SwitchParameter Due { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        if (ParameterSetName == DueSet)
        {
            WriteObject(Await(Store.GetDueJobsAsync(DateTime.UtcNow, CancellationToken)), enumerateCollection: true);
            return;
        }

        if (ParameterSetName == NameSet)
        {
            WriteObject(SelectJobs(Name), enumerateCollection: true);
            return;
        }

        foreach (var id in Id)
        {
            Run(() => WriteObject(Await(Store.FindJobAsync(id, CancellationToken)) ?? throw ConnectJobs.Store.StoreErrors.JobNotFound(id)));
        }
    });
}
