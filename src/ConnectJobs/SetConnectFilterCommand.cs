using System.Management.Automation;
using ConnectJobs.Filters;

namespace ConnectJobs.Commands;

/// <summary>Set-ConnectFilter: changes a saved filter's condition, name or description.</summary>
[Cmdlet(VerbsCommon.Set, "ConnectFilter", SupportsShouldProcess = true)]
[OutputType(typeof(ListFilter))]
public sealed class SetConnectFilterCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.FilterNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter(Position = 1)]
    public ScriptBlock? Filter { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NewName { get; set; }

    [Parameter]
    public string? Description { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var filter = FindFilter(Name);
        var expression = Filter is null ? null : Filters.FilterTranslator.Translate(Filter, SessionState);
        if (ShouldProcess(filter.Name, CommandMessages.ActionUpdateFilter))
        {
            var changed = Await(Store.UpdateFilterAsync(filter, NewName, Description, Filter?.ToString().Trim(), expression, CancellationToken));
            if (PassThru)
            {
                WriteObject(changed);
            }
        }
    });
}
