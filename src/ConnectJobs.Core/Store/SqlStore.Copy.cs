using System.Data.Common;
using System.Globalization;
using ConnectJobs.Connections;
using ConnectJobs.Data;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

/// <summary>Copy-ConnectStore: every row of this store into an empty store of any provider, as it is
/// kept (ids, RIIDs, stamps, event sequence numbers), so that run history, feed positions and the
/// ledger still point where they did. The source's halves are write-locked throughout, so nothing
/// changes while it is read; the destination is written in one transaction, so a copy that fails or
/// is stopped leaves it empty. The counts are read again from the destination once committed.</summary>
public abstract partial class SqlStore
{
    /// <summary>Each half's tables in an order their foreign keys allow. The store's own identity
    /// (store_info) and write clock are the destination's; lists' and tables' own tables follow.</summary>
    private static readonly string[] ControlTables = ["job", "connection", "job_group", "group_member", "run", "run_log", "group_run", "ledger", "feed_position"];

    /// <summary>How often a long table's copy reports how far it has come.</summary>
    private const int CopyProgressInterval = 100_000;

    private static readonly string[] DataTables = ["cj_target", "cj_column", "cj_filter", "cj_event"];

    /// <summary>The generated keys whose next value goes with the copy: a number given once (a purged
    /// event's seq, which a feed's position may be past) is never given again.</summary>
    private static readonly (string Table, string Column)[] Identities =
        [("job", "id"), ("connection", "id"), ("ledger", "id"), ("job_group", "id"), ("cj_target", "id"), ("cj_filter", "id"), ("cj_event", "seq")];

    internal async Task<StoreCopyResult> CopyToAsync(SqlStore destination, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        await CheckDestinationAsync(destination, cancellationToken).ConfigureAwait(false);
        var activity = string.Format(CultureInfo.CurrentCulture, Messages.ProgressCopyStore, Location, destination.Location);
        var copied = await ControlHalf.WriteAsync(
            (c1, t1) => DataHalf.WriteAsync(
                (c2, t2) => destination.InOneTransactionAsync(
                    async () =>
                    {
                        var (control, data) = (new Held(c1, t1), new Held(c2, t2));
                        var targets = await LoadCatalogueAsync(data, cancellationToken).ConfigureAwait(false);
                        var total = ControlTables.Length + DataTables.Length + targets.Count;
                        var tables = new List<CopiedTable>(total);
                        async Task CopyAsync(string table, string? target, bool isControl, Func<DbConnection, DbTransaction?, Task>? before = null)
                        {
                            progress?.Report(new WorkProgress(activity, target ?? table, tables.Count, total));
                            var rows = await destination.HalfOf(isControl).WriteAsync(
                                async (c, t) =>
                                {
                                    await (before?.Invoke(c, t) ?? Task.CompletedTask).ConfigureAwait(false);
                                    return await CopyTableAsync(isControl ? control : data, table, target is not null, destination, c, t,
                                        rows => progress?.Report(new WorkProgress(activity, string.Format(CultureInfo.CurrentCulture, Messages.ProgressCopyTable, target ?? table, rows), tables.Count, total)),
                                        cancellationToken).ConfigureAwait(false);
                                },
                                cancellationToken).ConfigureAwait(false);
                            tables.Add(new CopiedTable(table, target, rows, 0));
                        }

                        foreach (var table in ControlTables)
                        {
                            await CopyAsync(table, null, isControl: true).ConfigureAwait(false);
                        }

                        foreach (var table in DataTables)
                        {
                            await CopyAsync(table, null, isControl: false).ConfigureAwait(false);
                        }

                        foreach (var target in targets)
                        {
                            // Made as the destination makes them (its types, keys, indexes), from the copied catalogue.
                            await CopyAsync(PhysicalName(target.Id).Trim('"'), target.Name, isControl: false,
                                (c, t) => ExecuteAsync(c, t, destination.CreateTableSql(target.Id, target.Kind, target.ListId, target.Columns), cancellationToken)).ConfigureAwait(false);
                        }

                        await CopySettingsAsync(control, data, destination, targets, cancellationToken).ConfigureAwait(false);
                        return tables;
                    },
                    withData: true,
                    cancellationToken),
                cancellationToken),
            cancellationToken).ConfigureAwait(false);

        // Counted afresh, outside the transaction that wrote them: what another host now sees.
        var verified = new List<CopiedTable>(copied.Count);
        foreach (var table in copied)
        {
            var half = destination.HalfOf(ControlTables.Contains(table.Table));
            var rows = await half.ReadAsync(c => ScalarAsync(c, null, $"SELECT count(*) FROM \"{table.Table}\";", cancellationToken), cancellationToken).ConfigureAwait(false);
            verified.Add(table with { DestinationRows = rows });
        }

        return new StoreCopyResult(Location, destination.Location, verified);
    }

    /// <summary>A half of the source, held by its write transaction while it is copied.</summary>
    private protected readonly record struct Held(DbConnection Connection, DbTransaction? Transaction);

    private StoreDatabase HalfOf(bool control) => control ? ControlHalf : DataHalf;

    /// <summary>Refuses a destination that is this store, or that holds anything of its own.</summary>
    private async Task CheckDestinationAsync(SqlStore destination, CancellationToken cancellationToken)
    {
        static Task<string?> IdAsync(SqlStore store, CancellationToken cancellationToken) => store.ControlHalf.ReadAsync(
            async c =>
            {
                await using var command = Command(c, null, "SELECT value FROM store_info WHERE key = 'store_id';");
                return (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

        if (await IdAsync(this, cancellationToken).ConfigureAwait(false) == await IdAsync(destination, cancellationToken).ConfigureAwait(false))
        {
            throw ConnectException.Create(ErrorIds.StoreCopySameStore, ErrorKind.InvalidArgument, destination.Location, Messages.StoreCopySameStore, destination.Location);
        }

        var control = await destination.ControlHalf.ReadAsync(
            c => ScalarAsync(c, null, "SELECT (SELECT count(*) FROM job) + (SELECT count(*) FROM connection) + (SELECT count(*) FROM job_group) + (SELECT count(*) FROM ledger);", cancellationToken),
            cancellationToken).ConfigureAwait(false);
        var data = await destination.DataHalf.ReadAsync(
            c => ScalarAsync(c, null, "SELECT (SELECT count(*) FROM cj_target) + (SELECT count(*) FROM cj_filter) + (SELECT count(*) FROM cj_event);", cancellationToken),
            cancellationToken).ConfigureAwait(false);
        if (control + data > 0)
        {
            throw ConnectException.Create(ErrorIds.StoreNotEmpty, ErrorKind.InvalidOperation, destination.Location, Messages.StoreNotEmpty, destination.Location);
        }
    }

    /// <summary>Every list and table, expired ones too (their tables exist until maintenance drops them).</summary>
    private static async Task<List<(long Id, string Name, TargetKind Kind, long? ListId, List<ColumnDefinition> Columns)>> LoadCatalogueAsync(Held source, CancellationToken cancellationToken)
    {
        var columns = await LoadColumnsAsync(source.Connection, source.Transaction, cancellationToken).ConfigureAwait(false);
        var targets = new List<(long, string, TargetKind, long?, List<ColumnDefinition>)>();
        await using var command = Command(source.Connection, source.Transaction, "SELECT id, name, kind, list_id FROM cj_target ORDER BY id;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetInt64(0);
            targets.Add((id, reader.GetString(1), Enum.Parse<TargetKind>(reader.GetString(2)), reader.IsDBNull(3) ? null : reader.GetInt64(3), columns.GetValueOrDefault(id) ?? []));
        }

        return targets;
    }

    /// <summary>Streams one table's rows from this store into the destination's table of that name, in
    /// the order they were added; secrets are sealed again under this host's key.</summary>
    private async Task<long> CopyTableAsync(Held from, string table, bool records, SqlStore destination, DbConnection to, DbTransaction? transaction, Action<long> copied, CancellationToken cancellationToken)
    {
        var columns = await destination.CopyColumnsAsync(to, transaction, table, cancellationToken).ConfigureAwait(false);
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        var secret = table is "job" or "connection" ? columns.FindIndex(c => c.Name == "secret") : -1;
        await using var command = Command(from.Connection, from.Transaction, $"SELECT {names} FROM \"{table}\" ORDER BY {(records ? RowId : "1")};");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await destination.WriteRowsAsync(to, transaction, table, columns, Rows(), cancellationToken).ConfigureAwait(false);

        async IAsyncEnumerable<object?[]> Rows()
        {
            var count = 0L;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var values = new object?[columns.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                if (secret >= 0 && values[secret] is string sealedSecret)
                {
                    values[secret] = SecretProtector.Protect(SecretProtector.Unprotect(sealedSecret));
                }

                yield return values;
                if (++count % CopyProgressInterval == 0)
                {
                    copied(count);
                }
            }
        }
    }

    /// <summary>What is not rows of the copied tables: the generated keys' next values, the write
    /// clock (never behind the source's, so stamps stay in order), the event retention setting.</summary>
    private async Task CopySettingsAsync(Held control, Held data, SqlStore destination, IEnumerable<(long Id, string Name, TargetKind Kind, long? ListId, List<ColumnDefinition> Columns)> targets, CancellationToken cancellationToken)
    {
        var identities = Identities.Concat(targets.Where(t => t.Kind == TargetKind.List).Select(t => (Table: PhysicalName(t.Id).Trim('"'), Column: SystemColumns.Riid)));
        foreach (var (table, column) in identities)
        {
            var isControl = ControlTables.Contains(table);
            var next = await NextIdentityAsync(isControl ? control : data, table, column, cancellationToken).ConfigureAwait(false);
            await destination.HalfOf(isControl).WriteAsync((c, t) => destination.SetNextIdentityAsync(c, t, table, column, next, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        await using var clock = Command(data.Connection, data.Transaction, "SELECT stamp FROM cj_clock WHERE id = 1;");
        var stamp = (string?)await clock.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        await destination.DataHalf.WriteAsync(
            (c, t) => ScalarAsync(c, t, "UPDATE cj_clock SET stamp = $stamp WHERE id = 1 AND stamp < $stamp;", cancellationToken, ("$stamp", stamp)), cancellationToken).ConfigureAwait(false);
        await using var retention = Command(control.Connection, control.Transaction, "SELECT value FROM store_info WHERE key = 'event_retention_days';");
        if (await retention.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string days)
        {
            await destination.ControlHalf.WriteAsync(
                (c, t) => ScalarAsync(c, t, "INSERT INTO store_info (key, value) VALUES ('event_retention_days', $days) ON CONFLICT (key) DO UPDATE SET value = excluded.value;", cancellationToken, ("$days", days)),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A table's columns as the copy writes them (not those the database fills itself), with their SQL types.</summary>
    private protected abstract Task<List<(string Name, string Type)>> CopyColumnsAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken cancellationToken);

    /// <summary>Writes the rows in the destination's fastest way (bound inserts; PostgreSQL's binary COPY).</summary>
    private protected virtual async Task<long> WriteRowsAsync(DbConnection connection, DbTransaction? transaction, string table, List<(string Name, string Type)> columns, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var placeholders = columns.Select((_, i) => $"$p{i}").ToArray();
        await using var insert = Command(connection, transaction, $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(", ", placeholders)});",
            [.. placeholders.Select(p => (p, (object?)null))]);
        long count = 0;
        await foreach (var values in rows.ConfigureAwait(false))
        {
            for (var i = 0; i < values.Length; i++)
            {
                insert.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    /// <summary>The value a generated key of <paramref name="table"/> gives next.</summary>
    private protected abstract Task<long> NextIdentityAsync(Held source, string table, string column, CancellationToken cancellationToken);

    /// <summary>Makes a generated key give <paramref name="next"/> next (at least).</summary>
    private protected abstract Task<long> SetNextIdentityAsync(DbConnection connection, DbTransaction? transaction, string table, string column, long next, CancellationToken cancellationToken);
}
