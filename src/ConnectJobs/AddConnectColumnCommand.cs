using System.Management.Automation;
using ConnectJobs.Data;

namespace ConnectJobs.Commands;

/// <summary>Add-ConnectColumn: adds custom columns to a profile list or table.</summary>
[Cmdlet(VerbsCommon.Add, "ConnectColumn", SupportsShouldProcess = true, DefaultParameterSetName = TargetParameters.List)]
[OutputType(typeof(DataTarget))]
public sealed class AddConnectColumnCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = TargetParameters.List)]
    [ArgumentCompleter(typeof(Completion.ListNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string List { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = TargetParameters.Table)]
    [ArgumentCompleter(typeof(Completion.TableNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Table { get; set; } = "";

    /// <summary>A list or table from Get-ConnectList or Get-ConnectTable.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = TargetParameters.InputObject)]
    public DataTarget? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public ColumnDefinition[] Column { get; set; } = [];

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var target = InputObject ?? FindTarget(ParameterSetName == TargetParameters.List ? List : Table, ParameterSetName == TargetParameters.List);
        var columns = ColumnRules.NormalizeAll(Column);
        var action = string.Format(System.Globalization.CultureInfo.CurrentCulture, CommandMessages.ActionAddColumns, string.Join(", ", columns));
        if (ShouldProcess(target.Name, action))
        {
            var updated = Await(Store.AddColumnsAsync(target, columns, CancellationToken));
            if (PassThru)
            {
                WriteObject(updated);
            }
        }
    });
}
