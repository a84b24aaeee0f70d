using System.Management.Automation;
using ConnectJobs.Data;
using ConnectJobs.Filters;

namespace ConnectJobs.Commands;

/// <summary>New-ConnectFilter: saves a filter on a profile list, written as a PowerShell condition
/// and run by the store as SQL.</summary>
[Cmdlet(VerbsCommon.New, "ConnectFilter", SupportsShouldProcess = true, DefaultParameterSetName = ConditionSet)]
[OutputType(typeof(ListFilter))]
public sealed class NewConnectFilterCommand : ConnectCmdlet
{
    private const string ConditionSet = "Condition";
    private const string LatestLoadSet = "LatestLoad";

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true)]
    [ArgumentCompleter(typeof(Completion.ListNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string List { get; set; } = "";

    /// <summary>The condition, e.g. { $_.COUNTRY_ -eq 'NL' -and $_.LOYALTY_POINTS -ge 100 }.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ConditionSet)]
    [Parameter(Position = 1, ParameterSetName = LatestLoadSet)]
    public ScriptBlock? Filter { get; set; }

    /// <summary>Only the records that the latest successful run of this import job inserted or updated.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LatestLoadSet)]
    [ArgumentCompleter(typeof(Completion.JobNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? LatestLoadOf { get; set; }

    [Parameter]
    public string? Description { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var list = (ProfileList)FindTarget(List, list: true);
        FilterNode? expression = Filter is null ? null : Filters.FilterTranslator.Translate(Filter, SessionState);
        var script = Filter?.ToString().Trim();
        if (LatestLoadOf is not null)
        {
            var job = FindJob(LatestLoadOf);
            if (job.Settings is not Jobs.ImportJobSettings { TargetList: { } target } || !target.Equals(list.Name, StringComparison.OrdinalIgnoreCase))
            {
                throw new ConnectException(ErrorIds.LatestLoadOfOtherList, ErrorKind.InvalidArgument, job.Name, string.Format(System.Globalization.CultureInfo.CurrentCulture, CommandMessages.LatestLoadOfOtherList, job.Name, list.Name));
            }

            var latest = new LatestLoad(job.Name);
            expression = expression is null ? latest : new AllOf([latest, expression]);
            script = string.Format(System.Globalization.CultureInfo.InvariantCulture, "<latest load of {0}>", job.Name) + (script is null ? "" : " -and " + script);
        }

        if (ShouldProcess(Name, CommandMessages.ActionCreateFilter))
        {
            var filter = Await(Store.CreateFilterAsync(Name, list, Description, script!, expression!, CancellationToken));
            if (PassThru)
            {
                WriteObject(filter);
            }
        }
    });
}
