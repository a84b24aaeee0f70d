namespace ConnectJobs.Data;

/// <summary>One row of a list or table: the column names (shared by every row of a read) and the
/// values in the same order, typed by column type (string, long, decimal, DateTime, or null).</summary>
public sealed class DataRecord
{
    internal DataRecord(IReadOnlyList<string> columnNames, object?[] values)
    {
        ColumnNames = columnNames;
        Values = values;
    }

    public IReadOnlyList<string> ColumnNames { get; }

    public IReadOnlyList<object?> Values { get; }
}
