using System.Data.Common;
using ConnectJobs.Data;
using ConnectJobs.Import;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

/// <summary>SQLite's side of a merge (see SqlStore.Merge.cs): temp key tables without rowids, the
/// rowid as a row's id, and the merge's events recorded by temporary triggers as the update and the
/// insert make their changes (no extra pass over the matched records).</summary>
public sealed partial class SqliteStore
{
    private protected override string RowId => "rowid";

    private protected override string? KeysFilledSql(string name) => null;

    private protected override string KeyTableSql(string name) => $"CREATE TEMP TABLE {name} (k TEXT PRIMARY KEY, riid INTEGER NOT NULL) WITHOUT ROWID;";

    private protected override async Task BeforeUpdateAsync(DbConnection connection, DbTransaction transaction, Staging staging, ImportRequest request, string now, CancellationToken cancellationToken)
    {
        if (staging.TracksPermission && request.Options.OnMatch == MatchedAction.Update)
        {
            // A changed permission status is an event of its own.
            var status = $"\"{SystemColumns.EmailPermissionStatus}\"";
            await ExecuteAsync(connection, transaction, $"CREATE TEMP TRIGGER cj_permission_events AFTER UPDATE OF {status} ON main.{staging.Table} WHEN new.{status} IS NOT NULL AND old.{status} IS NOT new.{status} BEGIN INSERT INTO cj_event (list, riid, type, channel, captured, stored, source) VALUES ((SELECT name FROM cj_target WHERE id = {staging.TargetId}), new.rowid, CASE new.{status} WHEN 'I' THEN 'OptedIn' ELSE 'OptedOut' END, 'Email', {Literal(now)}, {Literal(now)}, {Literal(staging.Source)}); END;", cancellationToken).ConfigureAwait(false);
        }

        if (request.CustomEvent is { } name)
        {
            // The job's custom event, for each record this merge inserts or (really) updates.
            var values = $"(SELECT name FROM cj_target WHERE id = {staging.TargetId}), new.rowid, 'Custom', 'Audit', {Literal(name)}, {Literal(now)}, {Literal(now)}, {Literal(staging.Source)}";
            await ExecuteAsync(connection, transaction, $"CREATE TEMP TRIGGER cj_custom_inserted AFTER INSERT ON main.{staging.Table} BEGIN INSERT INTO cj_event (list, riid, type, channel, custom_type, captured, stored, source) VALUES ({values}); END; CREATE TEMP TRIGGER cj_custom_updated AFTER UPDATE ON main.{staging.Table} BEGIN INSERT INTO cj_event (list, riid, type, channel, custom_type, captured, stored, source) VALUES ({values}); END;", cancellationToken).ConfigureAwait(false);
        }
    }

    private protected override Task AfterInsertAsync(DbConnection connection, DbTransaction transaction, Staging staging, ImportRequest request, string now, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, "DROP TRIGGER IF EXISTS temp.cj_permission_events; DROP TRIGGER IF EXISTS temp.cj_custom_inserted; DROP TRIGGER IF EXISTS temp.cj_custom_updated;", cancellationToken);

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
