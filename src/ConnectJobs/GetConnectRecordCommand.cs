using System.Management.Automation;
using ConnectJobs.Data;

namespace ConnectJobs.Commands;

/// <summary>Get-ConnectRecord: the records of a list or table as objects, streamed, with paging.</summary>
[Cmdlet(VerbsCommon.Get, "ConnectRecord", DefaultParameterSetName = ListSet)]
[OutputType(typeof(PSObject))]
public sealed class GetConnectRecordCommand : DataTargetCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public DataTarget? InputObject { get; set; }

    /// <summary>Only the list's records this condition selects, e.g. { $_.COUNTRY_ -eq 'NL' }; run by the
    /// store as SQL, never row by row.</summary>
    [Parameter]
    public ScriptBlock? Filter { get; set; }

    /// <summary>Only the list's records a saved filter selects.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.FilterNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? FilterName { get; set; }

    /// <summary>At most this many records.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long? First { get; set; }

    /// <summary>Leaves out this many records first (records come in the order they were added).</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long Skip { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var target = ResolveTarget(InputObject);
        var typeNames = new[] { $"ConnectJobs.Record#{target.Name}", "ConnectJobs.Record" };
        var filter = CombinedFilter(Filter, FilterName, target);
        var records = Store.ReadRecordsAsync(target, filter, Skip, First, CancellationToken).GetAsyncEnumerator(CancellationToken);
        try
        {
            while (Await(records.MoveNextAsync().AsTask()))
            {
                var record = records.Current;
                var output = new PSObject();
                output.TypeNames.Clear();
                foreach (var name in typeNames)
                {
                    output.TypeNames.Add(name);
                }

                for (var i = 0; i < record.Values.Count; i++)
                {
                    output.Properties.Add(new PSNoteProperty(record.ColumnNames[i], record.Values[i]));
                }

                WriteObject(output);
            }
        }
        finally
        {
            Await(records.DisposeAsync().AsTask());
        }
    });
}
