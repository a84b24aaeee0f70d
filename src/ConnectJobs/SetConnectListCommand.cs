using System.Management.Automation;
using ConnectJobs.Data;

namespace ConnectJobs.Commands;

/// <summary>Set-ConnectList: renames a profile list or changes its description.</summary>
[Cmdlet(VerbsCommon.Set, "ConnectList", SupportsShouldProcess = true)]
[OutputType(typeof(ProfileList))]
public sealed class SetConnectListCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.ListNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NewName { get; set; }

    [Parameter]
    public string? Description { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var list = FindTarget(Name, list: true);
        if (NewName is not null)
        {
            ColumnRules.NormalizeTargetName(NewName);
        }

        if (ShouldProcess(list.Name, CommandMessages.ActionUpdateList))
        {
            var updated = Await(Store.UpdateTargetAsync(list, NewName, Description, CancellationToken));
            if (PassThru)
            {
                WriteObject(updated);
            }
        }
    });
}
