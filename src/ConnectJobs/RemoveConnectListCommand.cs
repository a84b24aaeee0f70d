using System.Management.Automation;

namespace ConnectJobs.Commands;

/// <summary>Remove-ConnectList: deletes profile lists, their extension tables and all their records.</summary>
[Cmdlet(VerbsCommon.Remove, "ConnectList", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveConnectListCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.ListNameCompleter))]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord() => Run(() =>
    {
        foreach (var list in SelectTargets(Name, lists: true))
        {
            if (ShouldProcess(list.Name, CommandMessages.ActionRemoveList))
            {
                Await(Store.RemoveTargetAsync(list, CancellationToken));
            }
        }
    });
}
