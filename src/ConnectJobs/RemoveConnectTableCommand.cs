using System.Management.Automation;

namespace ConnectJobs.Commands;

/// <summary>Remove-ConnectTable: deletes tables and all their records.</summary>
[Cmdlet(VerbsCommon.Remove, "ConnectTable", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveConnectTableCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.TableNameCompleter))]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord() => Run(() =>
    {
        foreach (var table in SelectTargets(Name, lists: false))
        {
            if (ShouldProcess(table.Name, CommandMessages.ActionRemoveTable))
            {
                Await(Store.RemoveTargetAsync(table, CancellationToken));
            }
        }
    });
}
