using System.Data.Common;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

/// <summary>PostgreSQL's side of a store copy (SqlStore.Copy.cs): rows in by binary COPY, with each
/// value as its column's type wants it (a SQLite source gives booleans as integers); identities'
/// sequences moved on to the source's next values. <c>cj_row</c>, generated always, is left to fill in
/// the order the rows come.</summary>
public sealed partial class PostgresStore
{
    private protected override async Task<List<(string Name, string Type)>> CopyColumnsAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken cancellationToken)
    {
        var columns = new List<(string, string)>();
        await using var command = Command(connection, transaction,
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = quote_ident($table)::regclass AND attnum > 0 AND NOT attisdropped AND attidentity <> 'a' ORDER BY attnum;",
            ("$table", table));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            columns.Add((reader.GetString(0), reader.GetString(1)));
        }

        return columns;
    }

    private protected override async Task<long> WriteRowsAsync(DbConnection connection, DbTransaction? transaction, string table, List<(string Name, string Type)> columns, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var types = columns.Select(c => c.Type switch
        {
            "boolean" => NpgsqlDbType.Boolean,
            "integer" => NpgsqlDbType.Integer,
            "bigint" => NpgsqlDbType.Bigint,
            "double precision" => NpgsqlDbType.Double,
            _ => NpgsqlDbType.Text,
        }).ToArray();
        long count = 0;
        await using var writer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(
            $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await foreach (var values in rows.ConfigureAwait(false))
        {
            writer.StartRow();
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is not { } value)
                {
                    writer.WriteNull();
                    continue;
                }

                switch (types[i])
                {
                    case NpgsqlDbType.Boolean:
                        writer.Write(value is bool b ? b : Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0, NpgsqlDbType.Boolean);
                        break;
                    case NpgsqlDbType.Integer:
                        writer.Write(Convert.ToInt32(value, CultureInfo.InvariantCulture), NpgsqlDbType.Integer);
                        break;
                    case NpgsqlDbType.Bigint:
                        writer.Write(Convert.ToInt64(value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint);
                        break;
                    case NpgsqlDbType.Double:
                        writer.Write(Convert.ToDouble(value, CultureInfo.InvariantCulture), NpgsqlDbType.Double);
                        break;
                    default:
                        writer.Write(Convert.ToString(value, CultureInfo.InvariantCulture)!, NpgsqlDbType.Text);
                        break;
                }
            }

            count++;
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    private protected override async Task<long> NextIdentityAsync(Held source, string table, string column, CancellationToken cancellationToken)
    {
        await using var command = Command(source.Connection, source.Transaction, "SELECT pg_get_serial_sequence(quote_ident($table), $column);", ("$table", table), ("$column", column));
        var sequence = (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return await ScalarAsync(source.Connection, source.Transaction,
            $"SELECT greatest((SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM {sequence}), (SELECT coalesce(max(\"{column}\"), 0) + 1 FROM \"{table}\"));",
            cancellationToken).ConfigureAwait(false);
    }

    private protected override Task<long> SetNextIdentityAsync(DbConnection connection, DbTransaction? transaction, string table, string column, long next, CancellationToken cancellationToken) =>
        ScalarAsync(connection, transaction, "SELECT setval(pg_get_serial_sequence(quote_ident($table), $column), $next, false);", cancellationToken, ("$table", table), ("$column", column), ("$next", next));
}
