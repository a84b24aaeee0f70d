using System.Data.Common;
using System.Globalization;
using ConnectJobs.Data;
using ConnectJobs.Import;
using Npgsql;
using NpgsqlTypes;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

/// <summary>PostgreSQL's half of an import: one transaction in which the checked rows are copied in
/// binary into a temporary table (no lock held: other imports stage alongside), kept once per key
/// (the last row of a key wins), then merged by the shared SQL (SqlStore.Merge.cs) under the data
/// half's lock, committed or, for a preview, rolled back. The temporary tables go with the transaction.</summary>
public sealed partial class PostgresStore
{
    private protected override string RowId => "cj_row";

    /// <summary>For the transaction of an import or export: the sorts and hashes of a million staged
    /// rows fit in memory rather than spilling to temporary files at the server's default 4 MB (the
    /// merge's update took a fifth longer), and statements that run once are not compiled (JIT costs
    /// more than it saves on them).</summary>
    private const string BulkSettingsSql = "SET LOCAL work_mem = '64MB'; SET LOCAL jit = off;";

    private protected override string? KeysFilledSql(string name) => $"ANALYZE {name};";

    private protected override string KeyTableSql(string name) => $"CREATE TEMP TABLE {name} (k text PRIMARY KEY, riid bigint NOT NULL) ON COMMIT DROP;";

    public async Task<MergeCounts> MergeAsync(ImportBatch batch, InboundFile file, RejectSink rejects, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var request = batch.Request;
        var activity = string.Format(CultureInfo.CurrentCulture, Messages.ProgressImportFile, Path.GetFileName(request.Source), batch.Target.Name);
        try
        {
            await using var connection = (NpgsqlConnection)await _data.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, BulkSettingsSql, cancellationToken).ConfigureAwait(false);
            var staging = new Staging(batch.Map, batch.Target, batch.List, request.Options.Rules, Path.GetFileName(request.Source), SqlDialect.Postgres);
            var (rowsRead, staged) = await StageAsync(connection, transaction, staging, file, request.Options.Format, rejects, progress, activity, cancellationToken).ConfigureAwait(false);
            request.CheckRowCount(rowsRead);
            progress?.Report(new WorkProgress(activity, string.Format(CultureInfo.CurrentCulture, Messages.ProgressMerging, rowsRead - rejects.Count), rowsRead, rowsRead));
            await _data.LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var counts = await MergeStagedAsync(connection, transaction, staging, request, staged, rejects, cancellationToken).ConfigureAwait(false);
            return counts with { RowsRead = rowsRead };
        }
        catch (DbException e) when (_data.Fault(e) is { } fault)
        {
            throw fault;
        }
    }

    private static async Task<(long Rows, long Staged)> StageAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Staging staging, InboundFile file, InboundFormat format, RejectSink rejects,
        IProgress<WorkProgress>? progress, string activity, CancellationToken cancellationToken)
    {
        var columns = staging.Fields.Select(f => f.Column).ToArray();
        var typed = string.Join(", ", columns.Select(c => $"\"{c.Name}\" {TypeOf(c.Type).Sql}"));
        await ExecuteAsync(connection, transaction, $"CREATE TEMP TABLE incoming (k text NOT NULL, line bigint NOT NULL, {typed}) ON COMMIT DROP;", cancellationToken).ConfigureAwait(false);
        (long Rows, long Staged) counts;
        await using (var feed = new RowFeed(staging, file, format, rejects, cancellationToken))
        {
            await using var writer = await connection.BeginBinaryImportAsync("COPY incoming FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            counts = await feed.StageAsync(
                row =>
                {
                    // Written synchronously: Npgsql buffers, and a row's values are many small writes.
                    writer.StartRow();
                    writer.Write(row.Key, NpgsqlDbType.Text);
                    writer.Write(row.Line, NpgsqlDbType.Bigint);
                    for (var i = 0; i < row.Values.Length; i++)
                    {
                        if (row.Values[i] is { } value)
                        {
                            writer.Write(value, TypeOf(columns[i].Type).Copy);
                        }
                        else
                        {
                            writer.WriteNull();
                        }
                    }
                },
                progress, activity, cancellationToken).ConfigureAwait(false);
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        // The last row of a key wins; the merge joins on k, and the planner needs the table's size.
        await ExecuteAsync(connection, transaction,
            "CREATE TEMP TABLE stage ON COMMIT DROP AS SELECT DISTINCT ON (k) * FROM incoming ORDER BY k, line DESC; DROP TABLE incoming; ALTER TABLE stage ADD PRIMARY KEY (k); ANALYZE stage;",
            cancellationToken).ConfigureAwait(false);
        return counts;
    }

    /// <summary>A column type's SQL type and binary COPY type, for the values <see cref="ValueConverter"/> stores.</summary>
    private static (string Sql, NpgsqlDbType Copy) TypeOf(ColumnType type) => type switch
    {
        ColumnType.Number => ("bigint", NpgsqlDbType.Bigint),
        ColumnType.Decimal => ("double precision", NpgsqlDbType.Double),
        _ => ("text", NpgsqlDbType.Text),
    };

    /// <summary>The opt-in and opt-out events of the statuses the update is about to change (their old
    /// values are still there to compare with).</summary>
    private protected override async Task BeforeUpdateAsync(DbConnection connection, DbTransaction transaction, Staging staging, ImportRequest request, string now, CancellationToken cancellationToken)
    {
        if (!staging.TracksPermission || request.Options.OnMatch != MatchedAction.Update)
        {
            return;
        }

        var status = $"\"{SystemColumns.EmailPermissionStatus}\"";
        await using var command = Command(connection, transaction,
            $"INSERT INTO cj_event (list, riid, type, channel, captured, stored, source) SELECT (SELECT name FROM cj_target WHERE id = {staging.TargetId}), t.\"{SystemColumns.Riid}\", CASE s.{status} WHEN 'I' THEN 'OptedIn' ELSE 'OptedOut' END, 'Email', $now, $now, $source " +
            $"FROM matched AS m JOIN stage AS s ON s.k = m.k JOIN {staging.Table} AS t ON t.cj_row = m.riid WHERE s.{status} IS NOT NULL AND t.{status} IS DISTINCT FROM s.{status} ORDER BY t.cj_row;",
            ("$now", now), ("$source", staging.Source));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The job's custom event for each record the merge inserted or really updated: those it
    /// stamped (the write clock gives each merge its own stamp), the updated ones first.</summary>
    private protected override async Task AfterInsertAsync(DbConnection connection, DbTransaction transaction, Staging staging, ImportRequest request, string now, CancellationToken cancellationToken)
    {
        if (request.CustomEvent is not { } name)
        {
            return;
        }

        await using var command = Command(connection, transaction,
            $"INSERT INTO cj_event (list, riid, type, channel, custom_type, captured, stored, source) SELECT (SELECT name FROM cj_target WHERE id = {staging.TargetId}), t.\"{SystemColumns.Riid}\", 'Custom', 'Audit', $name, $now, $now, $source " +
            $"FROM {staging.Table} AS t WHERE t.\"{SystemColumns.ModifiedDate}\" = $now ORDER BY t.\"{SystemColumns.CreatedDate}\" = $now, t.cj_row;",
            ("$name", name), ("$now", now), ("$source", staging.Source));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
