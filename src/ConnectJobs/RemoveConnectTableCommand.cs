using System.Management.Automation;

namespace ConnectJobs.Commands;

/// <summary>Remove-ConnectTable: deletes tables and all their records.</summary>
[Cmdlet(VerbsCommon.Remove, "ConnectTable", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveConnectTableCommand : RemoveTargetCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.TableNameCompleter))]
    public override string[] Name { get; set; } = [];

    private protected override bool Lists => false;

    private protected override string Action => CommandMessages.ActionRemoveTable;
}
