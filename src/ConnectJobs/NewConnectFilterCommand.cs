using System.Management.Automation;
using ConnectJobs.Data;
using ConnectJobs.Filters;

namespace ConnectJobs.Commands;

/// <summary>New-ConnectFilter: saves a filter on a profile list, written as a PowerShell condition
/// and run by the store as SQL.</summary>
[Cmdlet(VerbsCommon.New, "ConnectFilter", SupportsShouldProcess = true)]
[OutputType(typeof(ListFilter))]
public sealed class NewConnectFilterCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true)]
    [ArgumentCompleter(typeof(Completion.ListNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string List { get; set; } = "";

    /// <summary>The condition, e.g. { $_.COUNTRY_ -eq 'NL' -and $_.LOYALTY_POINTS -ge 100 }.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public ScriptBlock Filter { get; set; } = null!;

    [Parameter]
    public string? Description { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var list = (ProfileList)FindTarget(List, list: true);
        var expression = Filters.FilterTranslator.Translate(Filter, SessionState);
        if (ShouldProcess(Name, CommandMessages.ActionCreateFilter))
        {
            var filter = Await(Store.CreateFilterAsync(Name, list, Description, Filter.ToString().Trim(), expression, CancellationToken));
            if (PassThru)
            {
                WriteObject(filter);
            }
        }
    });
}
