using System.Management.Automation;
using ConnectJobs.Data;

namespace ConnectJobs.Commands;

/// <summary>Get-ConnectTable: supplemental tables, extension tables and suppression lists.</summary>
[Cmdlet(VerbsCommon.Get, "ConnectTable")]
[OutputType(typeof(DataTable))]
public sealed class GetConnectTableCommand : ConnectCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.TableNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter]
    [Alias("Kind")]
    public TableType[]? Type { get; set; }

    /// <summary>Only the extension tables of this profile list.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.ListNameCompleter))]
    public string? List { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var tables = SelectTargets(Name, lists: false)
            .Cast<DataTable>()
            .Where(t => Type is null || Type.Contains((TableType)t.Kind))
            .Where(t => List is null || string.Equals(t.List, List, StringComparison.OrdinalIgnoreCase));
        WriteObject(tables, enumerateCollection: true);
    });
}
