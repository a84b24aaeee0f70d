using System.Management.Automation;

namespace ConnectJobs.Commands;

/// <summary>Remove-ConnectFilter: deletes saved filters. Export jobs that use one then fail with
/// FilterNotFound until they are pointed at another.</summary>
[Cmdlet(VerbsCommon.Remove, "ConnectFilter", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveConnectFilterCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.FilterNameCompleter))]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var filter in SelectFilters(Name))
        {
            Run(() =>
            {
                if (ShouldProcess(filter.Name, CommandMessages.ActionRemoveFilter))
                {
                    Await(Store.RemoveFilterAsync(filter, CancellationToken));
                }
            });
        }
    }
}
