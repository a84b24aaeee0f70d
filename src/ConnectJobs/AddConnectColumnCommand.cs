using System.Management.Automation;
using ConnectJobs.Data;

namespace ConnectJobs.Commands;

/// <summary>Add-ConnectColumn: adds custom columns to a profile list or table.</summary>
[Cmdlet(VerbsCommon.Add, "ConnectColumn", SupportsShouldProcess = true, DefaultParameterSetName = ListSet)]
[OutputType(typeof(DataTarget))]
public sealed class AddConnectColumnCommand : DataTargetCmdlet
{
    /// <summary>A list or table from Get-ConnectList or Get-ConnectTable.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public DataTarget? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public ColumnDefinition[] Column { get; set; } = [];

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var target = ResolveTarget(InputObject);
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
