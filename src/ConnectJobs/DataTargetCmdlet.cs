using System.Management.Automation;
using ConnectJobs.Data;

namespace ConnectJobs.Commands;

/// <summary>The cmdlets that work on one list or table, named by -List or -Table (or, where the
/// cmdlet declares it, a list or table object from the pipeline).</summary>
public abstract class DataTargetCmdlet : ConnectCmdlet
{
    protected const string ListSet = "List";
    protected const string TableSet = "Table";
    protected const string InputObjectSet = "InputObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(Completion.ListNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string List { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = TableSet)]
    [ArgumentCompleter(typeof(Completion.TableNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Table { get; set; } = "";

    /// <summary>The list or table piped in, else the one named by -List or -Table.</summary>
    internal DataTarget ResolveTarget(DataTarget? piped) =>
        piped ?? FindTarget(ParameterSetName == TableSet ? Table : List, list: ParameterSetName != TableSet);
}
