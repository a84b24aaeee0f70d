using System.Management.Automation;

namespace ConnectJobs.Commands;

/// <summary>Remove-ConnectGroup: deletes groups and their run history; their jobs stay.</summary>
[Cmdlet(VerbsCommon.Remove, "ConnectGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveConnectGroupCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.GroupNameCompleter))]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var group in SelectGroups(Name))
        {
            Run(() =>
            {
                if (ShouldProcess(group.Name, CommandMessages.ActionRemoveGroup))
                {
                    Await(Store.RemoveGroupAsync(group, CancellationToken));
                }
            });
        }
    }
}
