using System.Diagnostics;
using System.Globalization;
using ConnectJobs.Data;
using ConnectJobs.Import;
using Microsoft.Data.Sqlite;
using static ConnectJobs.Store.SqliteDatabase;

namespace ConnectJobs.Store;

public sealed partial class SqliteStore
{
    private const int ImportProgressInterval = 10_000;

    /// <summary>Where rejected rows go when the import names no reject file.</summary>
    public string RejectFolder => Path.Combine(Location, "rejects");

    /// <summary>Merges one file into a profile list. The file is read and checked into a staging
    /// table first, without holding the list's write lock; the merge itself is one transaction, so
    /// a failure, a cancel or a preview leaves the list exactly as it was.</summary>
    public async Task<ImportResult> ImportAsync(ProfileList list, ImportRequest request, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var activity = string.Format(CultureInfo.CurrentCulture, Messages.ProgressImportFile, Path.GetFileName(request.FilePath), list.Name);
        using var file = InboundFile.Open(request.FilePath, request.Format);
        var map = FieldMap.Create(list, request.FilePath, file.Columns, request.Mapping, request.MatchColumns);
        using var rejects = new RejectSink(request.RejectPath ?? Path.Combine(RejectFolder,
            string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}-{Path.GetFileNameWithoutExtension(request.FilePath)}.rejects.csv")));
        await using var connection = await _data.OpenAsync(cancellationToken).ConfigureAwait(false);
        var staging = new Staging(map, list);
        try
        {
            var (rowsRead, staged) = await StageAsync(connection, staging, file, request.Format, rejects, progress, activity, cancellationToken).ConfigureAwait(false);
            if (request.FailIfEmpty && rowsRead == 0)
            {
                throw ConnectException.Create("EmptyFile", ErrorKind.InvalidData, request.FilePath, Messages.FailIfEmpty, request.FilePath);
            }

            if (request.ExpectedRows is long expected && expected != rowsRead)
            {
                throw ConnectException.Create("CountMismatch", ErrorKind.InvalidData, request.FilePath, Messages.CountMismatch, request.FilePath, rowsRead, expected);
            }

            progress?.Report(new WorkProgress(activity, string.Format(CultureInfo.CurrentCulture, Messages.ProgressMerging, rowsRead - rejects.Count), rowsRead, rowsRead));
            var counts = await MergeAsync(connection, staging, request, staged, cancellationToken).ConfigureAwait(false);
            var rejectFile = request.Preview ? null : rejects.Keep();
            var warnings = new List<string>();
            if (map.Unmapped.Count > 0)
            {
                warnings.Add(string.Format(CultureInfo.CurrentCulture, Messages.WarningUnmappedColumns, request.FilePath, string.Join(", ", map.Unmapped)));
            }

            if (counts.Duplicates > 0)
            {
                warnings.Add(string.Format(CultureInfo.CurrentCulture, Messages.WarningDuplicateKeys, request.FilePath, counts.Duplicates));
            }

            if (rejects.Count > 0)
            {
                warnings.Add(string.Format(CultureInfo.CurrentCulture, Messages.WarningRejected, request.FilePath, rejects.Count, rejectFile ?? Messages.NoRejectFileInPreview));
            }

            return new ImportResult
            {
                File = request.FilePath,
                Target = list.Name,
                RowsRead = rowsRead,
                Inserted = counts.Inserted,
                Updated = counts.Updated,
                Unchanged = counts.Unchanged,
                Skipped = counts.Skipped,
                DuplicateKeys = counts.Duplicates,
                Rejected = rejects.Count,
                RejectFile = rejectFile,
                FirstRejects = rejects.First,
                UnmappedColumns = map.Unmapped,
                Warnings = warnings,
                Committed = !request.Preview,
                Duration = clock.Elapsed,
            };
        }
        finally
        {
            // Pooled connections keep temp tables: drop the staging table with the work.
            await ExecuteAsync(connection, null, "DROP TABLE IF EXISTS temp.stage; DROP TABLE IF EXISTS temp.matched;", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Checks each row against the list's columns and copies the good ones into a temp table.
    /// Temp tables live outside data.db, so this takes no lock that other processes would wait for.</summary>
    private static async Task<(long Rows, long Staged)> StageAsync(SqliteConnection connection, Staging staging, InboundFile file, InboundFormat format, RejectSink rejects,
        IProgress<WorkProgress>? progress, string activity, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, null, staging.CreateSql, cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        using var insert = new RawStatement(connection, staging.InsertSql);
        long rows = 0;
        var fileRejects = 0L;
        var staged = 0L;
        foreach (var row in file.ReadRows(r => { rejects.Add(r); fileRejects++; }, cancellationToken))
        {
            rows++;
            if (rows % ImportProgressInterval == 0)
            {
                progress?.Report(new WorkProgress(activity, string.Format(CultureInfo.CurrentCulture, Messages.ProgressRowsRead, rows), rows, null));
            }

            if (staging.Check(row, format, out var problem) is { } values)
            {
                insert.Bind(1, staging.Key(values));
                insert.Bind(2, row.Line);
                for (var i = 0; i < values.Length; i++)
                {
                    insert.Bind(i + 3, values[i]);
                }

                insert.Execute();
                staged++;
            }
            else
            {
                rejects.Add(problem!);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (rows + fileRejects, staged);
    }

    /// <summary>The merge, in one write transaction. The staging table is keyed by the match fields,
    /// so the list's index is probed, and new records are added, in key order: B-tree pages are
    /// visited once, in sequence, rather than at random. Each incoming row is looked up once; the
    /// update and insert then go by the list's row ids.</summary>
    private static async Task<MergeCounts> MergeAsync(SqliteConnection connection, Staging staging, ImportRequest request, long staged, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        var now = await NextStampAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var kept = await ScalarAsync(connection, transaction, "SELECT count(*) FROM temp.stage;", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "CREATE TEMP TABLE matched (k TEXT PRIMARY KEY, riid INTEGER NOT NULL, changed INTEGER NOT NULL) WITHOUT ROWID;", cancellationToken).ConfigureAwait(false);
        var matched = await CountAsync($"INSERT OR IGNORE INTO temp.matched SELECT s.k, {staging.Table}.\"{SystemColumns.Riid}\", ({staging.ChangedCondition}) FROM temp.stage AS s CROSS JOIN {staging.Table} WHERE {staging.MatchCondition};").ConfigureAwait(false);
        var changed = await ScalarAsync(connection, transaction, "SELECT count(*) FROM temp.matched WHERE changed;", cancellationToken).ConfigureAwait(false);
        if (request.OnMatch == MatchedAction.Update && changed > 0)
        {
            await CountAsync($"UPDATE {staging.Table} SET {staging.UpdateAssignments} FROM (SELECT m.riid AS riid, stage.* FROM temp.matched AS m JOIN temp.stage AS stage ON stage.k = m.k WHERE m.changed) AS s WHERE {staging.Table}.\"{SystemColumns.Riid}\" = s.riid;").ConfigureAwait(false);
        }

        var inserted = request.OnNoMatch == UnmatchedAction.Insert
            ? await CountAsync($"INSERT INTO {staging.Table} ({staging.ColumnList}, \"{SystemColumns.CreatedDate}\", \"{SystemColumns.ModifiedDate}\") SELECT {staging.StageColumnList}, $now, $now FROM temp.stage AS s WHERE NOT EXISTS (SELECT 1 FROM temp.matched AS m WHERE m.k = s.k) ORDER BY s.k;").ConfigureAwait(false)
            : 0;
        if (request.Preview)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var updated = request.OnMatch == MatchedAction.Update ? changed : 0;
        var skipped = (request.OnMatch == MatchedAction.Skip ? matched : 0) + (request.OnNoMatch == UnmatchedAction.Skip ? kept - matched : 0);
        return new MergeCounts(inserted, updated, request.OnMatch == MatchedAction.Update ? matched - changed : 0, skipped, staged - kept);

        async Task<long> CountAsync(string sql)
        {
            await using var command = Command(connection, transaction, sql, ("$now", now));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed record MergeCounts(long Inserted, long Updated, long Unchanged, long Skipped, long Duplicates);

    /// <summary>The staging table of one import and the SQL that merges it into the list.</summary>
    private sealed class Staging
    {
        public Staging(FieldMap map, DataTarget target)
        {
            Fields = map.Fields;
            Match = map.Match;
            Table = PhysicalName(target.Id);
            var names = Fields.Select(f => $"\"{f.Column.Name}\"").ToList();
            // Keyed by the match fields: a later row with the same key replaces an earlier one (the
            // last wins), and the merge reads the rows in key order.
            CreateSql = $"CREATE TEMP TABLE stage (k TEXT PRIMARY KEY, line INTEGER NOT NULL, {string.Join(", ", Fields.Select(f => $"\"{f.Column.Name}\" {ValueConverter.SqlType(f.Column.Type)}"))}) WITHOUT ROWID;";
            InsertSql = $"INSERT OR REPLACE INTO temp.stage (k, line, {string.Join(", ", names)}) VALUES ({string.Join(", ", Enumerable.Range(1, Fields.Count + 2).Select(i => $"?{i}"))});";
            ColumnList = string.Join(", ", names);
            StageColumnList = string.Join(", ", names.Select(n => "s." + n));
            // Match columns already agree (EMAIL_ADDRESS_ perhaps in another case): they are neither
            // compared nor overwritten, so a record keeps the address as it was first stored.
            var updatable = Fields.Where(f => !Match.Contains(f.Column)).Select(f => $"\"{f.Column.Name}\"").ToList();
            UpdateAssignments = string.Join(", ", updatable.Select(n => $"{n} = s.{n}").Append($"\"{SystemColumns.ModifiedDate}\" = $now"));
            ChangedCondition = updatable.Count == 0 ? "0" : string.Join(" OR ", updatable.Select(n => $"{Table}.{n} IS NOT s.{n}"));
            MatchCondition = string.Join(" AND ", Match.Select(m => m.Name == SystemColumns.EmailAddress
                ? $"{Table}.\"{m.Name}\" = s.\"{m.Name}\" COLLATE NOCASE"
                : $"{Table}.\"{m.Name}\" = s.\"{m.Name}\""));
            _matchIndexes = Match.Select(m => Fields.Select(f => f.Column).ToList().IndexOf(m)).ToArray();
        }

        private readonly int[] _matchIndexes;

        public IReadOnlyList<(int FileIndex, ColumnDefinition Column)> Fields { get; }

        public IReadOnlyList<ColumnDefinition> Match { get; }

        public string Table { get; }

        public string CreateSql { get; }

        public string InsertSql { get; }

        public string ColumnList { get; }

        public string StageColumnList { get; }

        public string UpdateAssignments { get; }

        public string ChangedCondition { get; }

        public string MatchCondition { get; }

        /// <summary>The staging key of checked values: the match fields, EMAIL_ADDRESS_ folded to lower
        /// case the way SQLite's NOCASE folds it (ASCII letters only), so that rows the list would
        /// match alike share a key.</summary>
        public string Key(object?[] values)
        {
            if (_matchIndexes.Length == 1)
            {
                return KeyPart(0, values);
            }

            return string.Join('\u001F', Enumerable.Range(0, _matchIndexes.Length).Select(m => KeyPart(m, values)));
        }

        private string KeyPart(int match, object?[] values)
        {
            var value = Convert.ToString(values[_matchIndexes[match]], CultureInfo.InvariantCulture)!;
            return Match[match].Name == SystemColumns.EmailAddress ? AsciiLower(value) : value;
        }

        private static string AsciiLower(string value) =>
            value.Any(c => c is >= 'A' and <= 'Z') ? string.Create(value.Length, value, (span, source) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    var c = source[i];
                    span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
                }
            }) : value;

        /// <summary>The row's values for the staging table, or null with the problem that rejects it.</summary>
        public object?[]? Check(InboundRow row, InboundFormat format, out RejectedRow? problem)
        {
            problem = null;
            var where = FieldRules.LineLocation(row.Line);
            var values = new object?[Fields.Count];
            for (var i = 0; i < Fields.Count; i++)
            {
                var (index, column) = Fields[i];
                if (FieldRules.Check(column, row.Fields[index], where, out var stored) is { } bad)
                {
                    problem = new RejectedRow(row.Line, bad.Column, bad.Rule, bad.Message, CsvText.Join(row.Fields, format.Delimiter, format.Quote));
                    return null;
                }

                values[i] = stored;
            }

            for (var m = 0; m < Match.Count; m++)
            {
                if (values[_matchIndexes[m]] is null)
                {
                    var message = string.Format(CultureInfo.CurrentCulture, Messages.MissingMatchValue, where, Match[m].Name);
                    problem = new RejectedRow(row.Line, Match[m].Name, "MissingMatchValue", message, CsvText.Join(row.Fields, format.Delimiter, format.Quote));
                    return null;
                }
            }

            return values;
        }
    }
}
