using System.Data.Common;
using System.Globalization;
using System.Text;
using ConnectJobs.Data;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

public abstract partial class SqlStore
{
    public async Task<IReadOnlyList<DataTarget>> GetTargetsAsync(CancellationToken cancellationToken) =>
        await DataHalf.ReadAsync(c => LoadTargetsAsync(c, null, null, cancellationToken), cancellationToken).ConfigureAwait(false);

    public async Task<DataTarget?> FindTargetAsync(string name, CancellationToken cancellationToken) =>
        (await DataHalf.ReadAsync(c => LoadTargetsAsync(c, null, name, cancellationToken), cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<ProfileList> CreateListAsync(string name, string? description, IEnumerable<ColumnDefinition>? columns, CancellationToken cancellationToken) =>
        (ProfileList)await CreateAsync(new TableDefinition(name, TargetKind.List, null, description, ColumnRules.NormalizeAll(columns), []), cancellationToken).ConfigureAwait(false);

    public async Task<DataTable> CreateTableAsync(TableDefinition definition, CancellationToken cancellationToken) =>
        (DataTable)await CreateAsync(definition with { Columns = ColumnRules.NormalizeAll(definition.Columns) }, cancellationToken).ConfigureAwait(false);

    public Task<DataTarget> UpdateTargetAsync(DataTarget target, string? newName, string? description, CancellationToken cancellationToken) =>
        DataHalf.WriteAsync(
            async (c, t) =>
            {
                var name = newName is null ? target.Name : ColumnRules.NormalizeTargetName(newName);
                await EnsureNameFreeAsync(c, t, name, target.Id, cancellationToken).ConfigureAwait(false);
                await using var command = Command(c, t, "UPDATE cj_target SET name = $name, description = coalesce($description, description), modified = $now WHERE id = $id;",
                    ("$name", name), ("$description", description), ("$now", Now()), ("$id", target.Id));
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return (await LoadTargetsAsync(c, t, name, cancellationToken).ConfigureAwait(false))[0];
            },
            cancellationToken);

    public Task RemoveTargetAsync(DataTarget target, CancellationToken cancellationToken) =>
        DataHalf.WriteAsync(
            async (c, t) =>
            {
                var ids = new List<long>();
                await using (var extensions = Command(c, t, "SELECT id FROM cj_target WHERE list_id = $id;", ("$id", target.Id)))
                await using (var reader = await extensions.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        ids.Add(reader.GetInt64(0));
                    }
                }

                // Extension tables first: their rows point at the list's RIID_.
                ids.Add(target.Id);
                foreach (var id in ids)
                {
                    await ExecuteAsync(c, t, $"DROP TABLE {PhysicalName(id)}; DELETE FROM cj_target WHERE id = {id};", cancellationToken).ConfigureAwait(false);
                }

                return true;
            },
            cancellationToken);

    public Task<DataTarget> AddColumnsAsync(DataTarget target, IEnumerable<ColumnDefinition> columns, CancellationToken cancellationToken)
    {
        if (target.Kind == TargetKind.Suppression)
        {
            throw ConnectException.Create(ErrorIds.ColumnsNotAllowed, ErrorKind.InvalidOperation, target.Name, Messages.ColumnsNotAllowed, target.Name);
        }

        var added = ColumnRules.NormalizeAll(columns);
        return DataHalf.WriteAsync(
            async (c, t) =>
            {
                // Read the columns inside the write lock: another process may have just added one.
                var current = (await LoadTargetsAsync(c, t, target.Name, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
                    ?? throw DataTargetErrors.NotFound(target.Name, target.Kind == TargetKind.List);
                var ordinal = current.Columns.Count;
                foreach (var column in added)
                {
                    if (current.Columns.Any(x => x.Name.Equals(column.Name, StringComparison.OrdinalIgnoreCase)))
                    {
                        throw ConnectException.Create(ErrorIds.ColumnExists, ErrorKind.AlreadyExists, column.Name, Messages.ColumnExists, column.Name, DataTargetErrors.KindText(current.Kind), current.Name);
                    }

                    await ExecuteAsync(c, t, $"ALTER TABLE {PhysicalName(current.Id)} ADD COLUMN \"{column.Name}\" {ColumnSql(column.Type)};", cancellationToken).ConfigureAwait(false);
                    await InsertColumnAsync(c, t, current.Id, ordinal++, column, cancellationToken).ConfigureAwait(false);
                }

                await ExecuteAsync(c, t, $"UPDATE cj_target SET modified = '{Now()}' WHERE id = {current.Id};", cancellationToken).ConfigureAwait(false);
                return (await LoadTargetsAsync(c, t, current.Name, cancellationToken).ConfigureAwait(false))[0];
            },
            cancellationToken);
    }

    internal static string PhysicalName(long id) => string.Create(CultureInfo.InvariantCulture, $"\"T{id}\"");

    /// <summary>A column every list and table has first, in the order rows are added (SQLite has its rowid).</summary>
    private protected abstract string RowColumnSql { get; }

    /// <summary>What makes a list's RIID_ its generated primary key.</summary>
    private protected abstract string ListKeySql { get; }

    /// <summary>The expression a list's index on its email column is on (what imports match by).</summary>
    private protected abstract string EmailIndexSql(string column);

    /// <summary>The provider's type for a column of <paramref name="type"/> (values as <see cref="ValueConverter"/> stores them).</summary>
    private protected abstract string ColumnSql(ColumnType type);

    /// <summary>Deletes the extension tables whose expiry has passed. Done when the store opens; reads
    /// first, so that the usual case (nothing expired) takes no write lock.</summary>
    private protected async Task RemoveExpiredTablesAsync(CancellationToken cancellationToken)
    {
        var now = Now();
        var expired = await DataHalf.ReadAsync(
            c => ScalarAsync(c, null, "SELECT count(*) FROM cj_target WHERE expires IS NOT NULL AND expires <= $now;", cancellationToken, ("$now", now)),
            cancellationToken).ConfigureAwait(false);
        if (expired == 0)
        {
            return;
        }

        await DataHalf.WriteAsync(
            async (c, t) =>
            {
                var ids = new List<long>();
                await using (var query = Command(c, t, "SELECT id FROM cj_target WHERE expires IS NOT NULL AND expires <= $now;", ("$now", now)))
                await using (var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        ids.Add(reader.GetInt64(0));
                    }
                }

                foreach (var id in ids)
                {
                    await ExecuteAsync(c, t, $"DROP TABLE {PhysicalName(id)}; DELETE FROM cj_target WHERE id = {id};", cancellationToken).ConfigureAwait(false);
                }

                return ids.Count;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private Task<DataTarget> CreateAsync(TableDefinition definition, CancellationToken cancellationToken)
    {
        var name = ColumnRules.NormalizeTargetName(definition.Name);
        var kind = definition.Kind;
        if (kind == TargetKind.Extension && string.IsNullOrWhiteSpace(definition.List))
        {
            throw ConnectException.Create(ErrorIds.ExtensionTableNeedsList, ErrorKind.InvalidArgument, name, Messages.ExtensionTableNeedsList, name);
        }

        if (kind != TargetKind.Extension && !string.IsNullOrWhiteSpace(definition.List))
        {
            throw ConnectException.Create(ErrorIds.ListOnlyForExtension, ErrorKind.InvalidArgument, name, Messages.ListOnlyForExtension, name, kind);
        }

        if (definition.ExpiresInDays is { } expiry && (kind != TargetKind.Extension || expiry is < 1 or > 90))
        {
            throw ConnectException.Create(ErrorIds.InvalidExpiry, ErrorKind.InvalidArgument, name, Messages.InvalidExpiry, name);
        }

        if (kind == TargetKind.Suppression && definition.Columns.Count > 0)
        {
            throw ConnectException.Create(ErrorIds.ColumnsNotAllowed, ErrorKind.InvalidArgument, name, Messages.ColumnsNotAllowed, name);
        }

        var key = KeyColumns(name, kind, definition.Columns, definition.PrimaryKey);
        var columns = SystemColumns.For(kind)
            .Concat(definition.Columns.Select(c => key.IndexOf(c.Name) is var i and >= 0 ? new ColumnDefinition(c.Name, c.Type, c.MaxLength) { KeyOrdinal = i + 1 } : c))
            .ToList();
        var reserved = columns.Where(c => c.IsSystem).Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var column in definition.Columns.Where(c => reserved.Contains(c.Name)))
        {
            throw ConnectException.Create(ErrorIds.ReservedColumnName, ErrorKind.InvalidArgument, column.Name, Messages.ReservedColumnName, column.Name);
        }

        return DataHalf.WriteAsync(
            async (c, t) =>
            {
                await EnsureNameFreeAsync(c, t, name, null, cancellationToken).ConfigureAwait(false);
                DataTarget? list = null;
                if (kind == TargetKind.Extension)
                {
                    list = (await LoadTargetsAsync(c, t, definition.List, cancellationToken).ConfigureAwait(false)).FirstOrDefault(x => x.Kind == TargetKind.List)
                        ?? throw DataTargetErrors.NotFound(definition.List!, isList: true);
                }

                var now = Now();
                var expires = definition.ExpiresInDays is { } days ? ValueConverter.FormatTimestamp(DateTime.UtcNow.AddDays(days)) : null;
                var id = await ScalarAsync(c, t, "INSERT INTO cj_target (name, kind, list_id, description, created, modified, expires) VALUES ($name, $kind, $list, $description, $now, $now, $expires) RETURNING id;",
                    cancellationToken, ("$name", name), ("$kind", kind.ToString()), ("$list", list?.Id), ("$description", definition.Description), ("$now", now), ("$expires", expires)).ConfigureAwait(false);
                for (var i = 0; i < columns.Count; i++)
                {
                    await InsertColumnAsync(c, t, id, i, columns[i], cancellationToken).ConfigureAwait(false);
                }

                await ExecuteAsync(c, t, CreateTableSql(id, kind, list?.Id, columns), cancellationToken).ConfigureAwait(false);
                return (await LoadTargetsAsync(c, t, name, cancellationToken).ConfigureAwait(false))[0];
            },
            cancellationToken);
    }

    private static List<string> KeyColumns(string table, TargetKind kind, IReadOnlyList<ColumnDefinition> columns, IReadOnlyList<string> primaryKey)
    {
        if (kind != TargetKind.Supplemental)
        {
            if (primaryKey.Count > 0)
            {
                throw ConnectException.Create(ErrorIds.PrimaryKeyNotAllowed, ErrorKind.InvalidArgument, table, Messages.PrimaryKeyNotAllowed, table, DataTargetErrors.KindText(kind));
            }

            return [];
        }

        if (primaryKey.Count == 0)
        {
            throw ConnectException.Create(ErrorIds.PrimaryKeyRequired, ErrorKind.InvalidArgument, table, Messages.PrimaryKeyRequired, table);
        }

        var key = new List<string>();
        foreach (var name in primaryKey)
        {
            var column = columns.FirstOrDefault(c => c.Name.Equals(name?.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw ConnectException.Create(ErrorIds.PrimaryKeyColumnNotFound, ErrorKind.InvalidArgument, name, Messages.PrimaryKeyColumnNotFound, name, table);
            if (!key.Contains(column.Name))
            {
                key.Add(column.Name);
            }
        }

        return key;
    }

    private static async Task EnsureNameFreeAsync(DbConnection c, DbTransaction t, string name, long? except, CancellationToken cancellationToken)
    {
        var taken = await ScalarAsync(c, t, "SELECT count(*) FROM cj_target WHERE name = $name AND id IS DISTINCT FROM $except;", cancellationToken, ("$name", name), ("$except", except)).ConfigureAwait(false);
        if (taken > 0)
        {
            throw ConnectException.Create(ErrorIds.TargetExists, ErrorKind.AlreadyExists, name, Messages.TargetExists, name);
        }
    }

    private static async Task InsertColumnAsync(DbConnection c, DbTransaction t, long targetId, int ordinal, ColumnDefinition column, CancellationToken cancellationToken)
    {
        await using var command = Command(c, t, "INSERT INTO cj_column (target_id, ordinal, name, type, max_length, is_system, key_ordinal) VALUES ($t, $o, $n, $type, $len, $sys, $key);",
            ("$t", targetId), ("$o", ordinal), ("$n", column.Name), ("$type", column.Type.ToString()), ("$len", column.MaxLength), ("$sys", column.IsSystem), ("$key", column.KeyOrdinal));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected static async Task<List<DataTarget>> LoadTargetsAsync(DbConnection c, DbTransaction? t, string? name, CancellationToken cancellationToken)
    {
        var columns = await LoadColumnsAsync(c, t, cancellationToken).ConfigureAwait(false);

        // An expired table is gone for readers at once; maintenance deletes it when the store is next opened for work.
        var rows = new List<(long Id, string Name, TargetKind Kind, string? List, string? Description, DateTime Created, DateTime Modified, DateTime? Expires)>();
        await using (var command = Command(c, t, "SELECT t.id, t.name, t.kind, l.name, t.description, t.created, t.modified, t.expires FROM cj_target t LEFT JOIN cj_target l ON l.id = t.list_id WHERE (t.name = $name OR $name IS NULL) AND (t.expires IS NULL OR t.expires > $now) ORDER BY t.name;", ("$name", name), ("$now", Now())))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), Enum.Parse<TargetKind>(reader.GetString(2)), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), ValueConverter.ParseTimestamp(reader.GetString(5)), ValueConverter.ParseTimestamp(reader.GetString(6)),
                    reader.IsDBNull(7) ? null : ValueConverter.ParseTimestamp(reader.GetString(7))));
            }
        }

        var targets = new List<DataTarget>(rows.Count);
        foreach (var row in rows)
        {
            var count = await ScalarAsync(c, t, $"SELECT count(*) FROM {PhysicalName(row.Id)};", cancellationToken).ConfigureAwait(false);
            var cols = columns.TryGetValue(row.Id, out var found) ? found : [];
            targets.Add(row.Kind == TargetKind.List
                ? new ProfileList(row.Id, row.Name, row.Description, cols, count, row.Created, row.Modified)
                : new DataTable(row.Id, row.Name, row.Kind, row.List, row.Description, cols, count, row.Created, row.Modified, row.Expires));
        }

        return targets;
    }

    /// <summary>Every list's and table's columns, by its id, in their order.</summary>
    private static async Task<Dictionary<long, List<ColumnDefinition>>> LoadColumnsAsync(DbConnection c, DbTransaction? t, CancellationToken cancellationToken)
    {
        var columns = new Dictionary<long, List<ColumnDefinition>>();
        await using var command = Command(c, t, "SELECT target_id, name, type, max_length, is_system, key_ordinal FROM cj_column ORDER BY target_id, ordinal;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetInt64(0);
            if (!columns.TryGetValue(id, out var list))
            {
                columns[id] = list = [];
            }

            list.Add(new ColumnDefinition(reader.GetString(1), Enum.Parse<ColumnType>(reader.GetString(2)), reader.IsDBNull(3) ? null : reader.GetInt32(3))
            {
                IsSystem = reader.GetBoolean(4),
                KeyOrdinal = reader.IsDBNull(5) ? null : reader.GetInt32(5),
            });
        }

        return columns;
    }

    /// <summary>The statements that make a list's or table's own table, with its keys and indexes.</summary>
    private string CreateTableSql(long id, TargetKind kind, long? listId, IReadOnlyList<ColumnDefinition> columns)
    {
        var table = PhysicalName(id);
        var sql = new StringBuilder().Append(CultureInfo.InvariantCulture, $"CREATE TABLE {table} ({RowColumnSql}");
        foreach (var column in columns)
        {
            sql.Append(CultureInfo.InvariantCulture, $"\"{column.Name}\" {ColumnSql(column.Type)}");
            if (column.Name == SystemColumns.Riid)
            {
                // Generated for lists, the list's id for extensions.
                sql.Append(kind == TargetKind.Extension
                    ? string.Create(CultureInfo.InvariantCulture, $" PRIMARY KEY REFERENCES {PhysicalName(listId!.Value)}(\"{SystemColumns.Riid}\") ON DELETE CASCADE")
                    : ListKeySql);
            }

            sql.Append(", ");
        }

        var key = columns.Where(c => c.KeyOrdinal is not null && c.Name != SystemColumns.Riid).OrderBy(c => c.KeyOrdinal).Select(c => $"\"{c.Name}\"").ToList();
        if (key.Count > 0)
        {
            sql.Append(CultureInfo.InvariantCulture, $"UNIQUE ({string.Join(", ", key)}), ");
        }

        if (kind == TargetKind.Suppression)
        {
            sql.Append(CultureInfo.InvariantCulture, $"UNIQUE (\"{SystemColumns.EmailAddress}\"), UNIQUE (\"{SystemColumns.EmailDomain}\"), ");
        }

        sql.Length -= 2;
        sql.Append(");");
        if (kind == TargetKind.List)
        {
            // Imports match incoming rows on these; exports select changes by MODIFIED_DATE_.
            sql.Append(CultureInfo.InvariantCulture, $" CREATE INDEX \"T{id}_EMAIL\" ON {table}({EmailIndexSql($"\"{SystemColumns.EmailAddress}\"")});");
            sql.Append(CultureInfo.InvariantCulture, $" CREATE INDEX \"T{id}_CUSTOMER\" ON {table}(\"{SystemColumns.CustomerId}\");");
        }

        return sql.ToString();
    }
}
