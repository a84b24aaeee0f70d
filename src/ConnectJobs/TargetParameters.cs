namespace ConnectJobs.Commands;

/// <summary>Parameter set names of the cmdlets that work on one list or table: by -List, by -Table,
/// or by a list or table object from the pipeline.</summary>
internal static class TargetParameters
{
    public const string List = "List";
    public const string Table = "Table";
    public const string InputObject = "InputObject";
}
