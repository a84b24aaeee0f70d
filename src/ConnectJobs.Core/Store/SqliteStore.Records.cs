using System.Globalization;
using System.Runtime.CompilerServices;
using ConnectJobs.Data;
using Microsoft.Data.Sqlite;

namespace ConnectJobs.Store;

public sealed partial class SqliteStore
{
    public override async IAsyncEnumerable<DataRecord> ReadRecordsAsync(DataTarget target, Filters.FilterNode? filter, long skip, long? first, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var names = target.Columns.Select(c => c.Name).ToArray();
        var types = target.Columns.Select(c => c.Type).ToArray();
        await using var connection = await _data.OpenFileAsync(cancellationToken).ConfigureAwait(false);
        var (from, parameters) = filter is null
            ? ($"{PhysicalName(target.Id)} AS t", new List<object?>())
            : target is ProfileList list
                ? await FilteredFromAsync(connection, null, list, await ResolveLoadsAsync(filter, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false)
                : throw Filters.FilterErrors.NeedsList(target.Name);
        parameters.Add(first ?? -1);
        parameters.Add(skip);
        using var statement = new RawStatement(connection,
            string.Create(CultureInfo.InvariantCulture, $"SELECT {string.Join(", ", names.Select(n => $"t.\"{n}\""))} FROM {from} ORDER BY t.rowid LIMIT ?{parameters.Count - 1} OFFSET ?{parameters.Count};"));
        for (var i = 0; i < parameters.Count; i++)
        {
            statement.Bind(i + 1, parameters[i]);
        }

        while (statement.Step())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var values = new object?[names.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = statement.GetValue(i, types[i]);
            }

            yield return new DataRecord(names, values);
        }
    }
}
