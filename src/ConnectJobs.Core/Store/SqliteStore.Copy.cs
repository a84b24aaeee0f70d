using System.Data.Common;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

/// <summary>SQLite's side of a store copy (SqlStore.Copy.cs): its catalogue, and the next values of
/// AUTOINCREMENT keys, which sqlite_sequence keeps (other keys follow their table's largest).</summary>
public sealed partial class SqliteStore
{
    private protected override async Task<List<(string Name, string Type)>> CopyColumnsAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken cancellationToken)
    {
        var columns = new List<(string, string)>();
        await using var command = Command(connection, transaction, "SELECT name, type FROM pragma_table_info($table) ORDER BY cid;", ("$table", table));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            columns.Add((reader.GetString(0), reader.GetString(1)));
        }

        return columns;
    }

    private protected override Task<long> NextIdentityAsync(Held source, string table, string column, CancellationToken cancellationToken) =>
        ScalarAsync(source.Connection, source.Transaction,
            $"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = $table), 0), coalesce((SELECT max(\"{column}\") FROM \"{table}\"), 0)) + 1;",
            cancellationToken, ("$table", table));

    private protected override Task<long> SetNextIdentityAsync(DbConnection connection, DbTransaction? transaction, string table, string column, long next, CancellationToken cancellationToken) =>
        ScalarAsync(connection, transaction,
            "UPDATE sqlite_sequence SET seq = max(seq, $last) WHERE name = $table; " +
            "INSERT INTO sqlite_sequence (name, seq) SELECT $table, $last WHERE changes() = 0 AND (SELECT sql FROM sqlite_schema WHERE name = $table) LIKE '%AUTOINCREMENT%';",
            cancellationToken, ("$table", table), ("$last", next - 1));
}
