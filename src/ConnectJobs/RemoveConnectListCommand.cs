using System.Management.Automation;

namespace ConnectJobs.Commands;

/// <summary>Remove-ConnectList: deletes profile lists, their extension tables and all their records.</summary>
[Cmdlet(VerbsCommon.Remove, "ConnectList", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveConnectListCommand : RemoveTargetCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.ListNameCompleter))]
    public override string[] Name { get; set; } = [];

    private protected override bool Lists => true;

    private protected override string Action => CommandMessages.ActionRemoveList;
}
