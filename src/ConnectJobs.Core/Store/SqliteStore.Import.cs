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
    private const int FirstRejectsShown = 10;

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
        var rejects = new List<RejectedRow>();
        await using var connection = await _data.OpenAsync(cancellationToken).ConfigureAwait(false);
        var staging = new Staging(map, list);
        try
        {
            var rowsRead = await StageAsync(connection, staging, file, request.Format, rejects, progress, activity, cancellationToken).ConfigureAwait(false);
            if (request.FailIfEmpty && rowsRead == 0)
            {
                throw ConnectException.Create("EmptyFile", ErrorKind.InvalidData, request.FilePath, Messages.FailIfEmpty, request.FilePath);
            }

            if (request.ExpectedRows is long expected && expected != rowsRead)
            {
                throw ConnectException.Create("CountMismatch", ErrorKind.InvalidData, request.FilePath, Messages.CountMismatch, request.FilePath, rowsRead, expected);
            }

            progress?.Report(new WorkProgress(activity, string.Format(CultureInfo.CurrentCulture, Messages.ProgressMerging, rowsRead - rejects.Count), rowsRead, rowsRead));
            var counts = await MergeAsync(connection, staging, request, cancellationToken).ConfigureAwait(false);
            var rejectFile = !request.Preview && rejects.Count > 0 ? WriteRejects(request, rejects) : null;
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
                FirstRejects = rejects.Take(FirstRejectsShown).ToList(),
                UnmappedColumns = map.Unmapped,
                Warnings = warnings,
                Committed = !request.Preview,
                Duration = clock.Elapsed,
            };
        }
        finally
        {
            // Pooled connections keep temp tables: drop the staging table with the work.
            await ExecuteAsync(connection, null, "DROP TABLE IF EXISTS temp.stage;", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Checks each row against the list's columns and copies the good ones into a temp table.
    /// Temp tables live outside data.db, so this takes no lock that other processes would wait for.</summary>
    private static async Task<long> StageAsync(SqliteConnection connection, Staging staging, InboundFile file, InboundFormat format, List<RejectedRow> rejects,
        IProgress<WorkProgress>? progress, string activity, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, null, staging.CreateSql, cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        await using var insert = Command(connection, transaction, staging.InsertSql);
        for (var i = 0; i <= staging.Fields.Count; i++)
        {
            insert.Parameters.Add(new SqliteParameter($"$p{i}", DBNull.Value));
        }

        insert.Prepare();
        long rows = 0;
        var fileRejects = 0L;
        foreach (var row in file.ReadRows(r => { rejects.Add(r); fileRejects++; }, cancellationToken))
        {
            rows++;
            if (rows % ImportProgressInterval == 0)
            {
                progress?.Report(new WorkProgress(activity, string.Format(CultureInfo.CurrentCulture, Messages.ProgressRowsRead, rows), rows, null));
            }

            if (staging.Check(row, format, out var problem) is { } values)
            {
                insert.Parameters[0].Value = row.Line;
                for (var i = 0; i < values.Length; i++)
                {
                    insert.Parameters[i + 1].Value = values[i] ?? DBNull.Value;
                }

                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                rejects.Add(problem!);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return rows + fileRejects;
    }

    private async Task<MergeCounts> MergeAsync(SqliteConnection connection, Staging staging, ImportRequest request, CancellationToken cancellationToken)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        var now = Now();
        var duplicates = await CountAsync($"DELETE FROM temp.stage WHERE rowid NOT IN (SELECT max(rowid) FROM temp.stage GROUP BY {staging.KeyGroup});").ConfigureAwait(false);
        var staged = await ScalarAsync(connection, transaction, "SELECT count(*) FROM temp.stage;", cancellationToken).ConfigureAwait(false);
        var matched = await ScalarAsync(connection, transaction, $"SELECT count(*) FROM temp.stage s WHERE EXISTS (SELECT 1 FROM {staging.Table} WHERE {staging.MatchCondition});", cancellationToken).ConfigureAwait(false);
        var changed = await ScalarAsync(connection, transaction, $"SELECT count(*) FROM temp.stage s WHERE EXISTS (SELECT 1 FROM {staging.Table} WHERE {staging.MatchCondition} AND ({staging.ChangedCondition}));", cancellationToken).ConfigureAwait(false);
        if (request.OnMatch == MatchedAction.Update && changed > 0)
        {
            await CountAsync($"UPDATE {staging.Table} SET {staging.UpdateAssignments} FROM temp.stage s WHERE {staging.MatchCondition} AND ({staging.ChangedCondition});").ConfigureAwait(false);
        }

        var inserted = request.OnNoMatch == UnmatchedAction.Insert
            ? await CountAsync($"INSERT INTO {staging.Table} ({staging.ColumnList}, \"{SystemColumns.CreatedDate}\", \"{SystemColumns.ModifiedDate}\") SELECT {staging.StageColumnList}, $now, $now FROM temp.stage s WHERE NOT EXISTS (SELECT 1 FROM {staging.Table} WHERE {staging.MatchCondition}) ORDER BY s.rowid;").ConfigureAwait(false)
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
        var skipped = (request.OnMatch == MatchedAction.Skip ? matched : 0) + (request.OnNoMatch == UnmatchedAction.Skip ? staged - matched : 0);
        return new MergeCounts(inserted, updated, request.OnMatch == MatchedAction.Update ? matched - changed : 0, skipped, duplicates);

        async Task<long> CountAsync(string sql)
        {
            await using var command = Command(connection, transaction, sql, ("$now", now));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private string WriteRejects(ImportRequest request, List<RejectedRow> rejects)
    {
        var path = request.RejectPath ?? Path.Combine(RejectFolder,
            string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}-{Path.GetFileNameWithoutExtension(request.FilePath)}.rejects.csv"));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        writer.NewLine = "\r\n";
        writer.WriteLine("LINE,COLUMN,RULE,MESSAGE,RECORD");
        foreach (var reject in rejects.OrderBy(r => r.Line))
        {
            writer.WriteLine(CsvText.Join([reject.Line.ToString(CultureInfo.InvariantCulture), reject.Column, reject.Rule, reject.Message, reject.Record], ',', '"'));
        }

        return Path.GetFullPath(path);
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
            CreateSql = $"CREATE TEMP TABLE stage (line INTEGER NOT NULL, {string.Join(", ", Fields.Select(f => $"\"{f.Column.Name}\" {ValueConverter.SqlType(f.Column.Type)}"))});";
            InsertSql = $"INSERT INTO temp.stage (line, {string.Join(", ", names)}) VALUES ({string.Join(", ", Enumerable.Range(0, Fields.Count + 1).Select(i => $"$p{i}"))});";
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
            KeyGroup = string.Join(", ", Match.Select(m => m.Name == SystemColumns.EmailAddress ? $"lower(\"{m.Name}\")" : $"\"{m.Name}\""));
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

        public string KeyGroup { get; }

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
