using System.Management.Automation;
using ConnectJobs.Data;

namespace ConnectJobs.Commands;

/// <summary>Get-ConnectRecord: the records of a list or table as objects, streamed, with paging.</summary>
[Cmdlet(VerbsCommon.Get, "ConnectRecord", DefaultParameterSetName = ListSet)]
[OutputType(typeof(PSObject))]
public sealed class GetConnectRecordCommand : DataTargetCmdlet, IDynamicParameters
{
    private readonly FilterParameters _filter = new();

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public DataTarget? InputObject { get; set; }

    /// <summary>At most this many records.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long? First { get; set; }

    /// <summary>Leaves out this many records first (records come in the order they were added).</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long Skip { get; set; }

    public object GetDynamicParameters() => _filter;

    protected override void ProcessRecord() => Run(() =>
    {
        var target = ResolveTarget(InputObject);
        var typeNames = new[] { $"ConnectJobs.Record#{target.Name}", "ConnectJobs.Record" };
        var filter = CombinedFilter(_filter, target);
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
