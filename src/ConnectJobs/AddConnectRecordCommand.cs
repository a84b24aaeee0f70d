using System.Collections;
using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Data;

namespace ConnectJobs.Commands;

/// <summary>Add-ConnectRecord: inserts records from the pipeline into a list or table, all in one
/// transaction when the pipeline ends: one bad record and none is added.</summary>
[Cmdlet(VerbsCommon.Add, "ConnectRecord", SupportsShouldProcess = true, DefaultParameterSetName = ListSet)]
[OutputType(typeof(void))]
public sealed class AddConnectRecordCommand : DataTargetCmdlet
{
    private readonly List<IReadOnlyDictionary<string, object?>> _records = [];

    /// <summary>A hashtable or an object whose properties name the columns.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject[] InputObject { get; set; } = [];

    private protected override bool OpensForWork => true;

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            _records.Add(ToRecord(item, _records.Count + 1));
        }
    }

    protected override void EndProcessing() => Run(() =>
    {
        var target = ResolveTarget(null);
        var action = string.Format(CultureInfo.CurrentCulture, CommandMessages.ActionAddRecords, _records.Count);
        if (_records.Count > 0 && ShouldProcess(target.Name, action))
        {
            AwaitWithProgress(progress => Store.InsertRecordsAsync(target, _records, progress, CancellationToken));
        }
    });

    private Dictionary<string, object?> ToRecord(PSObject? item, int number)
    {
        var record = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        switch (item?.BaseObject)
        {
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    record[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = Unwrap(entry.Value);
                }

                break;
            case null or string or ValueType:
                var message = string.Format(CultureInfo.CurrentCulture, CommandMessages.InvalidRecordObject, number, item);
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), "InvalidRecordObject", ErrorCategory.InvalidArgument, item));
                break;
            default:
                foreach (var property in item.Properties)
                {
                    if (property.IsGettable && property.MemberType is PSMemberTypes.NoteProperty or PSMemberTypes.Property)
                    {
                        record[property.Name] = Unwrap(property.Value);
                    }
                }

                break;
        }

        return record;
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
