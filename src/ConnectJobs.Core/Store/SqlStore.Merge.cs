using System.Globalization;
using ConnectJobs.Data;
using ConnectJobs.Import;
using System.Data.Common;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

/// <summary>An import's second phase: the staged rows (table <c>stage</c>, keyed by k) merged into the
/// target in the caller's write transaction, by the target's kind, with the preview's samples. The
/// same SQL on both providers; what differs is how each makes a temporary key table, what it calls a
/// row's own id (SQLite's rowid, PostgreSQL's cj_row), and how it records the merge's events.</summary>
public abstract partial class SqlStore
{
    /// <summary>How many rows of each outcome a preview shows.</summary>
    private const int SampleSize = 10;

    /// <summary>A temporary table of keys and row ids (matched, listed), dropped with the work.</summary>
    private protected abstract string KeyTableSql(string name);

    /// <summary>What follows filling a key table before the merge reads it (PostgreSQL gathers its
    /// statistics, which a temporary table has none of, so that the update's join is planned for its
    /// real size); null for none.</summary>
    private protected abstract string? KeysFilledSql(string name);

    /// <summary>The column that identifies a row of any list or table (and orders them as added).</summary>
    private protected abstract string RowId { get; }

    /// <summary>Before a list's matched records are updated: the opt-in and opt-out events of the
    /// permission statuses the update changes, and the job's custom event, are set to be recorded.</summary>
    private protected abstract Task BeforeUpdateAsync(DbConnection connection, DbTransaction transaction, Staging staging, ImportRequest request, string now, CancellationToken cancellationToken);

    /// <summary>After a list's records were updated and inserted: what <see cref="BeforeUpdateAsync"/> set up is finished.</summary>
    private protected abstract Task AfterInsertAsync(DbConnection connection, DbTransaction transaction, Staging staging, ImportRequest request, string now, CancellationToken cancellationToken);

    /// <summary>The merge, in the caller's write transaction, which it ends: committed, or rolled back
    /// for a preview. Each incoming row is looked up once; the update and insert then go by row ids,
    /// in key or row order, so the target's pages are visited in sequence rather than at random.</summary>
    private protected async Task<MergeCounts> MergeStagedAsync(DbConnection connection, DbTransaction transaction, Staging staging, ImportRequest request, long staged, RejectSink rejects, CancellationToken cancellationToken)
    {
        var now = await NextStampAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var kept = await ScalarAsync(connection, transaction, "SELECT count(*) FROM stage;", cancellationToken).ConfigureAwait(false);
        var samples = new List<ImportSample>();
        var counts = staging.Kind switch
        {
            TargetKind.Suppression => await MergeSuppressionAsync().ConfigureAwait(false),
            TargetKind.Extension => await MergeExtensionAsync().ConfigureAwait(false),
            _ => await MergeRecordsAsync(kept, removed: request.Options.ReplaceAll ? await CountAsync($"DELETE FROM {staging.Table};").ConfigureAwait(false) : 0).ConfigureAwait(false),
        };
        if (request.Preview)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return counts with { Duplicates = staged - kept, Samples = samples, Stamp = request.Preview ? null : now };

        // A list or supplemental table: matched rows updated where they changed, the rest inserted.
        async Task<MergeCounts> MergeRecordsAsync(long rows, long removed)
        {
            await ExecuteAsync(connection, transaction, KeyTableSql("matched"), cancellationToken).ConfigureAwait(false);
            var matched = await CountAsync($"INSERT INTO matched SELECT s.k, {staging.Table}.{RowId} FROM stage AS s CROSS JOIN {staging.Table} WHERE {staging.MatchCondition} ON CONFLICT DO NOTHING;").ConfigureAwait(false);
            if (KeysFilledSql("matched") is { } filled)
            {
                await ExecuteAsync(connection, transaction, filled, cancellationToken).ConfigureAwait(false);
            }

            if (staging.Kind == TargetKind.List)
            {
                await BeforeUpdateAsync(connection, transaction, staging, request, now, cancellationToken).ConfigureAwait(false);
            }

            var (updated, unchanged) = await UpdateMatchedAsync(staging.Table, RowId).ConfigureAwait(false);
            await SampleInsertsAsync("stage AS s WHERE NOT EXISTS (SELECT 1 FROM matched AS m WHERE m.k = s.k)").ConfigureAwait(false);
            var inserted = request.Options.OnNoMatch == UnmatchedAction.Insert
                ? await CountAsync($"INSERT INTO {staging.Table} ({staging.ColumnList}, {staging.Stamps}) SELECT {staging.StageColumnList}, {staging.StampValues} FROM stage AS s WHERE NOT EXISTS (SELECT 1 FROM matched AS m WHERE m.k = s.k) ORDER BY s.k;").ConfigureAwait(false)
                : 0;
            if (staging.Kind == TargetKind.List)
            {
                await AfterInsertAsync(connection, transaction, staging, request, now, cancellationToken).ConfigureAwait(false);
            }

            var skipped = (request.Options.OnMatch == MatchedAction.Skip ? matched : 0) + (request.Options.OnNoMatch == UnmatchedAction.Skip ? rows - matched : 0);
            return new MergeCounts(inserted, updated, unchanged, skipped, removed, 0, 0);
        }

        // An extension table: each row finds its list record (optionally added first) by the list's
        // match fields; rows that find none are rejected; then rows are merged by RIID_.
        async Task<MergeCounts> MergeExtensionAsync()
        {
            var list = staging.List!;
            var listInserted = request.Options.InsertIntoList
                ? await CountAsync($"INSERT INTO {list} ({staging.MatchColumnList}, \"{SystemColumns.CreatedDate}\", \"{SystemColumns.ModifiedDate}\") SELECT {staging.StageMatchColumnList}, $now, $now FROM stage AS s WHERE NOT EXISTS (SELECT 1 FROM {list} WHERE {staging.MatchCondition}) ORDER BY s.k;").ConfigureAwait(false)
                : 0;
            await ExecuteAsync(connection, transaction, KeyTableSql("listed"), cancellationToken).ConfigureAwait(false);
            var found = await CountAsync($"INSERT INTO listed SELECT s.k, {list}.\"{SystemColumns.Riid}\" FROM stage AS s CROSS JOIN {list} WHERE {staging.MatchCondition} ON CONFLICT DO NOTHING;").ConfigureAwait(false);
            await RejectUnlistedAsync().ConfigureAwait(false);
            var removed = request.Options.ReplaceAll ? await CountAsync($"DELETE FROM {staging.Table};").ConfigureAwait(false) : 0;
            await ExecuteAsync(connection, transaction, KeyTableSql("matched"), cancellationToken).ConfigureAwait(false);
            var matched = await CountAsync($"INSERT INTO matched SELECT l.k, l.riid FROM listed AS l JOIN {staging.Table} ON {staging.Table}.\"{SystemColumns.Riid}\" = l.riid WHERE TRUE ON CONFLICT DO NOTHING;").ConfigureAwait(false);
            var (updated, unchanged) = await UpdateMatchedAsync(staging.Table, $"\"{SystemColumns.Riid}\"").ConfigureAwait(false);
            await SampleInsertsAsync("listed AS l JOIN stage AS s ON s.k = l.k WHERE NOT EXISTS (SELECT 1 FROM matched AS m WHERE m.k = l.k)").ConfigureAwait(false);
            var inserted = request.Options.OnNoMatch == UnmatchedAction.Insert
                ? await CountAsync($"INSERT INTO {staging.Table} (\"{SystemColumns.Riid}\", {staging.ColumnList}, {staging.Stamps}) SELECT l.riid, {staging.StageColumnList}, {staging.StampValues} FROM listed AS l JOIN stage AS s ON s.k = l.k WHERE NOT EXISTS (SELECT 1 FROM matched AS m WHERE m.k = l.k) ORDER BY l.riid ON CONFLICT DO NOTHING;").ConfigureAwait(false)
                : 0;
            var skipped = (request.Options.OnMatch == MatchedAction.Skip ? matched : 0) + (request.Options.OnNoMatch == UnmatchedAction.Skip ? found - matched : 0);
            return new MergeCounts(inserted, updated, unchanged, skipped, removed, listInserted, 0);
        }

        // A suppression list: entries added (those already there are unchanged) or removed.
        async Task<MergeCounts> MergeSuppressionAsync()
        {
            await ExecuteAsync(connection, transaction, KeyTableSql("matched"), cancellationToken).ConfigureAwait(false);
            var matched = 0L;
            foreach (var column in new[] { SystemColumns.EmailAddress, SystemColumns.EmailDomain }.Where(staging.Has))
            {
                matched += await CountAsync($"INSERT INTO matched SELECT s.k, t.{RowId} FROM stage AS s CROSS JOIN {staging.Table} AS t WHERE s.\"{column}\" IS NOT NULL AND t.\"{column}\" = s.\"{column}\" ON CONFLICT DO NOTHING;").ConfigureAwait(false);
            }

            if (request.Options.Remove)
            {
                var removed = await CountAsync($"DELETE FROM {staging.Table} WHERE {RowId} IN (SELECT riid FROM matched);").ConfigureAwait(false);
                return new MergeCounts(0, 0, 0, kept - matched, removed, 0, 0);
            }

            await SampleInsertsAsync("stage AS s WHERE NOT EXISTS (SELECT 1 FROM matched AS m WHERE m.k = s.k)").ConfigureAwait(false);
            var inserted = await CountAsync($"INSERT INTO {staging.Table} ({staging.ColumnList}, {staging.Stamps}) SELECT {staging.StageColumnList}, {staging.StampValues} FROM stage AS s WHERE NOT EXISTS (SELECT 1 FROM matched AS m WHERE m.k = s.k) ORDER BY s.k;").ConfigureAwait(false);
            return new MergeCounts(inserted, 0, matched, 0, 0, 0, 0);
        }

        // Rows are compared while they are updated (the WHERE keeps unchanged rows unwritten), and
        // updated in row id order, so the table's pages are visited once, in sequence.
        async Task<(long Updated, long Unchanged)> UpdateMatchedAsync(string table, string id)
        {
            if (request.Options.OnMatch != MatchedAction.Update)
            {
                return (0, 0);
            }

            var matched = await ScalarAsync(connection, transaction, "SELECT count(*) FROM matched;", cancellationToken).ConfigureAwait(false);
            if (request.Preview)
            {
                // Before and after, while the target still holds the before.
                var pairs = string.Concat(staging.Updatable.Select(c => $", {table}.\"{c}\", s.\"{c}\""));
                var from = $"FROM matched AS m JOIN stage AS s ON s.k = m.k JOIN {table} ON {table}.{id} = m.riid";
                await SampleAsync("Update", $"SELECT s.line, s.k{pairs} {from} WHERE {staging.ChangedCondition} ORDER BY s.line LIMIT {SampleSize};",
                    r => staging.Updatable.Select((c, i) => new FieldChange(c, Value(r, 2 + (2 * i)), Value(r, 3 + (2 * i)))).Where(f => !Equals(f.Before, f.After))).ConfigureAwait(false);
                await SampleAsync("Unchanged", $"SELECT s.line, s.k {from} WHERE NOT ({staging.ChangedCondition}) ORDER BY s.line LIMIT {SampleSize};", _ => []).ConfigureAwait(false);
            }

            var updated = matched == 0 ? 0 : await CountAsync($"UPDATE {table} SET {staging.UpdateAssignments} FROM (SELECT m.riid AS riid, stage.* FROM matched AS m JOIN stage ON stage.k = m.k ORDER BY m.riid) AS s WHERE {table}.{id} = s.riid AND ({staging.ChangedCondition});").ConfigureAwait(false);
            return (updated, matched - updated);
        }

        Task SampleInsertsAsync(string from) => !request.Preview || (request.Options.OnNoMatch != UnmatchedAction.Insert && staging.Kind != TargetKind.Suppression) || request.Options.Remove
            ? Task.CompletedTask
            : SampleAsync("Insert", $"SELECT s.line, s.k{string.Concat(staging.Own.Select(c => $", s.\"{c}\""))} FROM {from} ORDER BY s.line LIMIT {SampleSize};",
                r => staging.Own.Select((c, i) => new FieldChange(c, null, Value(r, 2 + i))).Where(f => f.After is not null));

        async Task SampleAsync(string action, string sql, Func<DbDataReader, IEnumerable<FieldChange>> changes)
        {
            await using var command = Command(connection, transaction, sql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                samples.Add(new ImportSample(action, reader.GetInt64(0), staging.Rows.DisplayKey(reader.GetString(1)), changes(reader).ToList()));
            }
        }

        static object? Value(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetValue(column);

        // Rows whose list record does not exist are rejected, with their values as the record to fix.
        async Task RejectUnlistedAsync()
        {
            await using var command = Command(connection, transaction, $"SELECT s.line, {staging.StageAllColumnList} FROM stage AS s WHERE NOT EXISTS (SELECT 1 FROM listed AS l WHERE l.k = s.k) ORDER BY s.line;");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var values = Enumerable.Range(1, reader.FieldCount - 1).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!).ToArray();
                var line = reader.GetInt64(0);
                rejects.Add(new RejectedRow(line, staging.Match[0].Name, ErrorIds.NoListRecord,
                    string.Format(CultureInfo.CurrentCulture, Messages.NoListRecord, FieldRules.LineLocation(line), string.Join(", ", staging.Match.Select(m => m.Name)), staging.ListName),
                    CsvText.Join(values, request.Options.Format.Delimiter, request.Options.Format.Quote)));
            }
        }

        async Task<long> CountAsync(string sql)
        {
            await using var command = Command(connection, transaction, sql, ("$now", now), ("$source", staging.Source));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
