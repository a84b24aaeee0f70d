using System.Management.Automation;
using ConnectJobs.Filters;

namespace ConnectJobs.Commands;

/// <summary>Get-ConnectFilter: the saved filters, by name (wildcards) or by list.</summary>
[Cmdlet(VerbsCommon.Get, "ConnectFilter")]
[OutputType(typeof(ListFilter))]
public sealed class GetConnectFilterCommand : ConnectCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.FilterNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Only the filters on this list.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.ListNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? List { get; set; }

    protected override void ProcessRecord() => Run(() =>
        WriteObject(SelectFilters(Name).Where(f => List is null || f.List.Equals(List, StringComparison.OrdinalIgnoreCase)), enumerateCollection: true));
}
