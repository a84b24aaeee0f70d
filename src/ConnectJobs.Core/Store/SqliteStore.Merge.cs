using System.Globalization;
using ConnectJobs.Data;
using ConnectJobs.Import;
using Microsoft.Data.Sqlite;
using static ConnectJobs.Store.SqliteDatabase;

namespace ConnectJobs.Store;

/// <summary>An import's second phase: the staged rows merged into the target in one write
/// transaction, by the target's kind, with the preview's samples.</summary>
public sealed partial class SqliteStore
{
    /// <summary>The merge, in one write transaction. The staging table is keyed by the match fields,
    /// so the target's index is probed, and new records are added, in key order: B-tree pages are
    /// visited once, in sequence, rather than at random. Each incoming row is looked up once; the
    /// update and insert then go by row ids.</summary>
    private static async Task<MergeCounts> MergeAsync(SqliteConnection connection, Staging staging, ImportRequest request, long staged, RejectSink rejects, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        var now = await NextStampAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var kept = await ScalarAsync(connection, transaction, "SELECT count(*) FROM temp.stage;", cancellationToken).ConfigureAwait(false);
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
            await ExecuteAsync(connection, transaction, "CREATE TEMP TABLE matched (k TEXT PRIMARY KEY, riid INTEGER NOT NULL) WITHOUT ROWID;", cancellationToken).ConfigureAwait(false);
            var matched = await CountAsync($"INSERT OR IGNORE INTO temp.matched SELECT s.k, {staging.Table}.rowid FROM temp.stage AS s CROSS JOIN {staging.Table} WHERE {staging.MatchCondition};").ConfigureAwait(false);
            if (staging.TracksPermission && request.Options.OnMatch == MatchedAction.Update)
            {
                // A changed permission status is an event of its own, recorded as the update makes
                // the change (a temporary trigger: no extra pass over the matched records).
                var status = $"\"{SystemColumns.EmailPermissionStatus}\"";
                await ExecuteAsync(connection, transaction, $"CREATE TEMP TRIGGER cj_permission_events AFTER UPDATE OF {status} ON main.{staging.Table} WHEN new.{status} IS NOT NULL AND old.{status} IS NOT new.{status} BEGIN INSERT INTO cj_event (list, riid, type, channel, captured, stored, source) VALUES ((SELECT name FROM cj_target WHERE id = {staging.TargetId}), new.rowid, CASE new.{status} WHEN 'I' THEN 'OptedIn' ELSE 'OptedOut' END, 'Email', {Literal(now)}, {Literal(now)}, {Literal(staging.Source)}); END;", cancellationToken).ConfigureAwait(false);
            }

            if (staging.Kind == TargetKind.List && request.CustomEvent is { } name)
            {
                // The job's custom event, for each record this merge inserts or (really) updates.
                var values = $"(SELECT name FROM cj_target WHERE id = {staging.TargetId}), new.rowid, 'Custom', 'Audit', {Literal(name)}, {Literal(now)}, {Literal(now)}, {Literal(staging.Source)}";
                await ExecuteAsync(connection, transaction, $"CREATE TEMP TRIGGER cj_custom_inserted AFTER INSERT ON main.{staging.Table} BEGIN INSERT INTO cj_event (list, riid, type, channel, custom_type, captured, stored, source) VALUES ({values}); END; CREATE TEMP TRIGGER cj_custom_updated AFTER UPDATE ON main.{staging.Table} BEGIN INSERT INTO cj_event (list, riid, type, channel, custom_type, captured, stored, source) VALUES ({values}); END;", cancellationToken).ConfigureAwait(false);
            }

            var (updated, unchanged) = await UpdateMatchedAsync(staging.Table, "rowid").ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "DROP TRIGGER IF EXISTS temp.cj_permission_events;", cancellationToken).ConfigureAwait(false);
            await SampleInsertsAsync("temp.stage AS s WHERE NOT EXISTS (SELECT 1 FROM temp.matched AS m WHERE m.k = s.k)").ConfigureAwait(false);
            var inserted = request.Options.OnNoMatch == UnmatchedAction.Insert
                ? await CountAsync($"INSERT INTO {staging.Table} ({staging.ColumnList}, {staging.Stamps}) SELECT {staging.StageColumnList}, {staging.StampValues} FROM temp.stage AS s WHERE NOT EXISTS (SELECT 1 FROM temp.matched AS m WHERE m.k = s.k) ORDER BY s.k;").ConfigureAwait(false)
                : 0;
            await ExecuteAsync(connection, transaction, "DROP TRIGGER IF EXISTS temp.cj_custom_inserted; DROP TRIGGER IF EXISTS temp.cj_custom_updated;", cancellationToken).ConfigureAwait(false);
            var skipped = (request.Options.OnMatch == MatchedAction.Skip ? matched : 0) + (request.Options.OnNoMatch == UnmatchedAction.Skip ? rows - matched : 0);
            return new MergeCounts(inserted, updated, unchanged, skipped, removed, 0, 0);
        }

        // An extension table: each row finds its list record (optionally added first) by the list's
        // match fields; rows that find none are rejected; then rows are merged by RIID_.
        async Task<MergeCounts> MergeExtensionAsync()
        {
            var list = staging.List!;
            var listInserted = request.Options.InsertIntoList
                ? await CountAsync($"INSERT INTO {list} ({staging.MatchColumnList}, \"{SystemColumns.CreatedDate}\", \"{SystemColumns.ModifiedDate}\") SELECT {staging.StageMatchColumnList}, $now, $now FROM temp.stage AS s WHERE NOT EXISTS (SELECT 1 FROM {list} WHERE {staging.MatchCondition}) ORDER BY s.k;").ConfigureAwait(false)
                : 0;
            await ExecuteAsync(connection, transaction, "CREATE TEMP TABLE listed (k TEXT PRIMARY KEY, riid INTEGER NOT NULL) WITHOUT ROWID;", cancellationToken).ConfigureAwait(false);
            var found = await CountAsync($"INSERT OR IGNORE INTO temp.listed SELECT s.k, {list}.rowid FROM temp.stage AS s CROSS JOIN {list} WHERE {staging.MatchCondition};").ConfigureAwait(false);
            await RejectUnlistedAsync().ConfigureAwait(false);
            var removed = request.Options.ReplaceAll ? await CountAsync($"DELETE FROM {staging.Table};").ConfigureAwait(false) : 0;
            await ExecuteAsync(connection, transaction, "CREATE TEMP TABLE matched (k TEXT PRIMARY KEY, riid INTEGER NOT NULL) WITHOUT ROWID;", cancellationToken).ConfigureAwait(false);
            var matched = await CountAsync($"INSERT OR IGNORE INTO temp.matched SELECT l.k, l.riid FROM temp.listed AS l JOIN {staging.Table} ON {staging.Table}.\"{SystemColumns.Riid}\" = l.riid;").ConfigureAwait(false);
            var (updated, unchanged) = await UpdateMatchedAsync(staging.Table, $"\"{SystemColumns.Riid}\"").ConfigureAwait(false);
            await SampleInsertsAsync("temp.listed AS l JOIN temp.stage AS s ON s.k = l.k WHERE NOT EXISTS (SELECT 1 FROM temp.matched AS m WHERE m.k = l.k)").ConfigureAwait(false);
            var inserted = request.Options.OnNoMatch == UnmatchedAction.Insert
                ? await CountAsync($"INSERT OR IGNORE INTO {staging.Table} (\"{SystemColumns.Riid}\", {staging.ColumnList}, {staging.Stamps}) SELECT l.riid, {staging.StageColumnList}, {staging.StampValues} FROM temp.listed AS l JOIN temp.stage AS s ON s.k = l.k WHERE NOT EXISTS (SELECT 1 FROM temp.matched AS m WHERE m.k = l.k) ORDER BY l.riid;").ConfigureAwait(false)
                : 0;
            var skipped = (request.Options.OnMatch == MatchedAction.Skip ? matched : 0) + (request.Options.OnNoMatch == UnmatchedAction.Skip ? found - matched : 0);
            return new MergeCounts(inserted, updated, unchanged, skipped, removed, listInserted, 0);
        }

        // A suppression list: entries added (those already there are unchanged) or removed.
        async Task<MergeCounts> MergeSuppressionAsync()
        {
            await ExecuteAsync(connection, transaction, "CREATE TEMP TABLE matched (k TEXT PRIMARY KEY, riid INTEGER NOT NULL) WITHOUT ROWID;", cancellationToken).ConfigureAwait(false);
            var matched = 0L;
            foreach (var column in new[] { SystemColumns.EmailAddress, SystemColumns.EmailDomain }.Where(staging.Has))
            {
                matched += await CountAsync($"INSERT OR IGNORE INTO temp.matched SELECT s.k, t.rowid FROM temp.stage AS s CROSS JOIN {staging.Table} AS t WHERE s.\"{column}\" IS NOT NULL AND t.\"{column}\" = s.\"{column}\";").ConfigureAwait(false);
            }

            if (request.Options.Remove)
            {
                var removed = await CountAsync($"DELETE FROM {staging.Table} WHERE rowid IN (SELECT riid FROM temp.matched);").ConfigureAwait(false);
                return new MergeCounts(0, 0, 0, kept - matched, removed, 0, 0);
            }

            await SampleInsertsAsync("temp.stage AS s WHERE NOT EXISTS (SELECT 1 FROM temp.matched AS m WHERE m.k = s.k)").ConfigureAwait(false);
            var inserted = await CountAsync($"INSERT INTO {staging.Table} ({staging.ColumnList}, {staging.Stamps}) SELECT {staging.StageColumnList}, {staging.StampValues} FROM temp.stage AS s WHERE NOT EXISTS (SELECT 1 FROM temp.matched AS m WHERE m.k = s.k) ORDER BY s.k;").ConfigureAwait(false);
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

            var matched = await ScalarAsync(connection, transaction, "SELECT count(*) FROM temp.matched;", cancellationToken).ConfigureAwait(false);
            if (request.Preview)
            {
                // Before and after, while the target still holds the before.
                var pairs = string.Concat(staging.Updatable.Select(c => $", {table}.\"{c}\", s.\"{c}\""));
                var from = $"FROM temp.matched AS m JOIN temp.stage AS s ON s.k = m.k JOIN {table} ON {table}.{id} = m.riid";
                await SampleAsync("Update", $"SELECT s.line, s.k{pairs} {from} WHERE {staging.ChangedCondition} ORDER BY s.line LIMIT {SampleSize};",
                    r => staging.Updatable.Select((c, i) => new FieldChange(c, Value(r, 2 + (2 * i)), Value(r, 3 + (2 * i)))).Where(f => !Equals(f.Before, f.After))).ConfigureAwait(false);
                await SampleAsync("Unchanged", $"SELECT s.line, s.k {from} WHERE NOT ({staging.ChangedCondition}) ORDER BY s.line LIMIT {SampleSize};", _ => []).ConfigureAwait(false);
            }

            var updated = matched == 0 ? 0 : await CountAsync($"UPDATE {table} SET {staging.UpdateAssignments} FROM (SELECT m.riid AS riid, stage.* FROM temp.matched AS m JOIN temp.stage AS stage ON stage.k = m.k ORDER BY m.riid) AS s WHERE {table}.{id} = s.riid AND ({staging.ChangedCondition});").ConfigureAwait(false);
            return (updated, matched - updated);
        }

        Task SampleInsertsAsync(string from) => !request.Preview || (request.Options.OnNoMatch != UnmatchedAction.Insert && staging.Kind != TargetKind.Suppression) || request.Options.Remove
            ? Task.CompletedTask
            : SampleAsync("Insert", $"SELECT s.line, s.k{string.Concat(staging.Own.Select(c => $", s.\"{c}\""))} FROM {from} ORDER BY s.line LIMIT {SampleSize};",
                r => staging.Own.Select((c, i) => new FieldChange(c, null, Value(r, 2 + i))).Where(f => f.After is not null));

        async Task SampleAsync(string action, string sql, Func<SqliteDataReader, IEnumerable<FieldChange>> changes)
        {
            await using var command = Command(connection, transaction, sql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                samples.Add(new ImportSample(action, reader.GetInt64(0), staging.Rows.DisplayKey(reader.GetString(1)), changes(reader).ToList()));
            }
        }

        static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

        static object? Value(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetValue(column);

        // Rows whose list record does not exist are rejected, with their values as the record to fix.
        async Task RejectUnlistedAsync()
        {
            await using var command = Command(connection, transaction, $"SELECT s.line, {staging.StageAllColumnList} FROM temp.stage AS s WHERE NOT EXISTS (SELECT 1 FROM temp.listed AS l WHERE l.k = s.k) ORDER BY s.line;");
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
