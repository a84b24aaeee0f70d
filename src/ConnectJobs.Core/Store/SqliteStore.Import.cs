using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using ConnectJobs.Data;
using ConnectJobs.Import;
using Microsoft.Data.Sqlite;
using static ConnectJobs.Store.SqliteDatabase;

namespace ConnectJobs.Store;

public sealed partial class SqliteStore
{
    private const int ImportProgressInterval = 10_000;

    /// <summary>The merge's page cache: large enough to hold the B-tree pages a merge of a million rows
    /// revisits, small enough to keep an import well under 250 MB.</summary>
    private const int MergeCacheKiB = 16 * 1024;

    private static readonly int SortThreads = Math.Min(Environment.ProcessorCount, 4);

    /// <summary>How many rows of each outcome a preview shows.</summary>
    private const int SampleSize = 10;

    /// <summary>Where rejected rows go when the import names no reject file.</summary>
    public string RejectFolder => Path.Combine(Location, "rejects");

    /// <summary>Merges one file into a profile list or a table. The file is read and checked into a
    /// staging table first, without holding the target's write lock; the merge itself is one
    /// transaction, so a failure, a cancel or a preview leaves the target exactly as it was.</summary>
    public async Task<ImportResult> ImportAsync(DataTarget target, ImportRequest request, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return await ImportFileAsync(target, request, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (SqliteDatabase.IsFault(e))
        {
            throw _data.Fault(e);
        }
        catch (IOException e) when (IoFaults.IsDiskFull(e))
        {
            // The decoded copy or the staging spill in the store's folder.
            throw IoFaults.DiskFull(Location, e);
        }
    }

    private async Task<ImportResult> ImportFileAsync(DataTarget target, ImportRequest request, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var plain = await InboundDecoder.DecodeAsync(request.FilePath, request.Source, request.Format, request.DecryptionPassphrase, Path.Combine(Location, "tmp"), cancellationToken).ConfigureAwait(false);
        using var deletePlain = plain is null ? null : new TemporaryFile(plain);
        using var file = InboundFile.Open(plain ?? request.FilePath, request.Format, request.Source);
        CheckHeader(request, file.Columns);
        if (request.NewExtensionTable is not { } wanted)
        {
            return await MergeFileAsync(target, request, file, clock, progress, cancellationToken).ConfigureAwait(false);
        }

        // The new table exists only with its rows: a failed import or a preview removes it again (a
        // killed process leaves it empty, and it expires like the others).
        var table = await CreateTableAsync(AutoTableDefinition(target, wanted, request, file.Columns), cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await MergeFileAsync(table, request, file, clock, progress, cancellationToken).ConfigureAwait(false);
            if (request.Preview)
            {
                await RemoveTargetAsync(table, CancellationToken.None).ConfigureAwait(false);
            }

            return result;
        }
        catch
        {
            await RemoveTargetAsync(table, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>An auto-generated extension table of a list: a text column for each of the file's
    /// columns (under its mapped name) but the list's match fields, which find the records, and the
    /// list's own system columns, which stay in the list.</summary>
    private static TableDefinition AutoTableDefinition(DataTarget target, AutoExtensionTable wanted, ImportRequest request, IReadOnlyList<string> fileColumns)
    {
        if (target.Kind != TargetKind.List)
        {
            throw ConnectException.Create(ErrorIds.ImportOptionNotForTarget, ErrorKind.InvalidArgument, "AutoExtensionTableDays", Messages.ImportOptionNotForTarget, "AutoExtensionTableDays", target.Name, KindText(target.Kind));
        }

        var columns = fileColumns
            .Select(c => request.Mapping?.FirstOrDefault(m => m.Key.Equals(c, StringComparison.OrdinalIgnoreCase)).Value ?? c)
            .Where(c => !request.MatchColumns.Contains(c, StringComparer.OrdinalIgnoreCase) && !target.Columns.Any(l => l.Name.Equals(c, StringComparison.OrdinalIgnoreCase) && l.Name.EndsWith('_')))
            .Select(c => new ColumnDefinition(c, ColumnType.Text))
            .ToList();
        if (columns.Count == 0)
        {
            throw ConnectException.Create(ErrorIds.NoColumnsForTable, ErrorKind.InvalidFile, request.Source, Messages.NoColumnsForTable, request.Source, wanted.Name);
        }

        return new TableDefinition(wanted.Name, TargetKind.Extension, target.Name, string.Format(CultureInfo.CurrentCulture, Messages.AutoTableDescription, Path.GetFileName(request.Source)), columns, [], wanted.ExpiresInDays);
    }

    private async Task<ImportResult> MergeFileAsync(DataTarget target, ImportRequest request, InboundFile file, Stopwatch clock, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var activity = string.Format(CultureInfo.CurrentCulture, Messages.ProgressImportFile, Path.GetFileName(request.Source), target.Name);
        var list = target is DataTable { Kind: TargetKind.Extension } extension
            ? (ProfileList?)(await FindTargetAsync(extension.List!, cancellationToken).ConfigureAwait(false))
            : null;
        var map = MapFile(target, list, request, file.Columns);
        using var rejects = new RejectSink(request.RejectPath ?? Path.Combine(RejectFolder,
            string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}-{Path.GetFileNameWithoutExtension(request.Source)}.rejects.csv")));
        await using var connection = await _data.OpenAsync(cancellationToken).ConfigureAwait(false);
        var staging = new Staging(map, target, list, request.Rules, Path.GetFileName(request.Source));
        try
        {
            var (rowsRead, staged) = await StageAsync(connection, staging, file, request.Format, rejects, progress, activity, cancellationToken).ConfigureAwait(false);
            if (request.FailIfEmpty && rowsRead == 0)
            {
                throw ConnectException.Create(ErrorIds.EmptyFile, ErrorKind.InvalidFile, request.Source, Messages.FailIfEmpty, request.Source);
            }

            if (request.ExpectedRows is long expected && expected != rowsRead)
            {
                throw ConnectException.Create(ErrorIds.CountMismatch, ErrorKind.InvalidFile, request.Source, Messages.CountMismatch, request.Source, rowsRead, expected);
            }

            progress?.Report(new WorkProgress(activity, string.Format(CultureInfo.CurrentCulture, Messages.ProgressMerging, rowsRead - rejects.Count), rowsRead, rowsRead));
            // Updates and new index entries land all over the target's B-trees: a page cache larger
            // than SQLite's 2 MB default keeps those pages in memory for the merge (and only for it:
            // the connection goes back to the pool).
            await ExecuteAsync(connection, null, $"PRAGMA main.cache_size=-{MergeCacheKiB}; PRAGMA threads=0;", cancellationToken).ConfigureAwait(false);
            var counts = await MergeAsync(connection, staging, request, staged, rejects, cancellationToken).ConfigureAwait(false);
            var rejectFile = request.Preview ? null : rejects.Keep();
            var warnings = new List<string>();
            if (map.Unmapped.Count > 0)
            {
                warnings.Add(string.Format(CultureInfo.CurrentCulture, Messages.WarningUnmappedColumns, request.Source, string.Join(", ", map.Unmapped)));
            }

            if (map.LikeNamed.Count > 0)
            {
                warnings.Add(string.Format(CultureInfo.CurrentCulture, Messages.WarningLikeNamed, request.Source, string.Join(", ", map.LikeNamed)));
            }

            if (counts.Duplicates > 0)
            {
                warnings.Add(string.Format(CultureInfo.CurrentCulture, Messages.WarningDuplicateKeys, request.Source, counts.Duplicates));
            }

            if (rejects.Count > 0)
            {
                warnings.Add(string.Format(CultureInfo.CurrentCulture, Messages.WarningRejected, request.Source, rejects.Count, rejectFile ?? Messages.NoRejectFileInPreview));
            }

            return new ImportResult
            {
                File = request.Source,
                Target = target.Name,
                Header = file.Columns.ToArray(),
                Request = request with { DecryptionPassphrase = null },
                RowsRead = rowsRead,
                Inserted = counts.Inserted,
                Updated = counts.Updated,
                Unchanged = counts.Unchanged,
                Skipped = counts.Skipped,
                Removed = counts.Removed,
                ListRecordsInserted = counts.ListInserted,
                DuplicateKeys = counts.Duplicates,
                Stamp = counts.Stamp,
                Rejected = rejects.Count,
                RejectFile = rejectFile,
                FirstRejects = rejects.First,
                Samples = counts.Samples,
                UnmappedColumns = map.Unmapped,
                Warnings = warnings,
                Committed = !request.Preview,
                Duration = clock.Elapsed,
            };
        }
        finally
        {
            // Pooled connections keep temp tables: drop the staging tables with the work.
            await ExecuteAsync(connection, null, "DROP TABLE IF EXISTS temp.incoming; DROP TABLE IF EXISTS temp.stage; DROP TABLE IF EXISTS temp.matched; DROP TABLE IF EXISTS temp.listed; PRAGMA main.cache_size=-2000; PRAGMA threads=0;", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Which file column feeds which column, by the target's kind: a list or supplemental
    /// table by its own columns (a supplemental table matches on its primary key); an extension table
    /// by its columns plus its list's match columns, which find the RIID_; a suppression list by
    /// address or domain.</summary>
    private static FieldMap MapFile(DataTarget target, ProfileList? list, ImportRequest request, IReadOnlyList<string> fileColumns)
    {
        CheckOptions(target, request);
        var likeNamed = request.Rules.MatchLikeNamedColumns;
        var map = target.Kind switch
        {
            TargetKind.Supplemental => FieldMap.Create(target, request.Source, fileColumns, request.Mapping, target.PrimaryKey, likeNamed),
            TargetKind.Extension => FieldMap.Create(target.Name, target.Kind,
                [.. list!.Columns.Where(c => request.MatchColumns.Contains(c.Name, StringComparer.OrdinalIgnoreCase)), .. target.Columns.Where(c => c.Name != SystemColumns.Riid)],
                request.Source, fileColumns, request.Mapping, request.MatchColumns, likeNamed),
            TargetKind.Suppression => FieldMap.Create(target, request.Source, fileColumns, request.Mapping, [], likeNamed),
            _ => FieldMap.Create(target, request.Source, fileColumns, request.Mapping, request.MatchColumns, likeNamed),
        };
        if (target.Kind == TargetKind.Suppression && !map.Fields.Any(f => f.Column.Name is SystemColumns.EmailAddress or SystemColumns.EmailDomain))
        {
            throw ConnectException.Create(ErrorIds.SuppressionNeedsColumn, ErrorKind.InvalidArgument, request.Source, Messages.SuppressionNeedsColumn, request.Source, target.Name);
        }

        // A row without an address would be rejected: a file without the column fails as a whole.
        foreach (var (required, column) in new[] { (request.Rules.RequireEmail, SystemColumns.EmailAddress), (request.Rules.RequireMobile, SystemColumns.MobileNumber) })
        {
            if (required && !map.Fields.Any(f => f.Column.Name == column))
            {
                throw ConnectException.Create(ErrorIds.RequiredColumnMissing, ErrorKind.InvalidFile, request.Source, Messages.RequiredColumnMissing, request.Source, column);
            }
        }

        return map;
    }

    /// <summary>Deletes a working copy when the import is done with it.</summary>
    private sealed class TemporaryFile(string path) : IDisposable
    {
        public void Dispose() => File.Delete(path);
    }

    /// <summary>A job made from an earlier import takes files of the same header only: a file whose
    /// columns differ fails, saying which are missing, which are new, or that the order changed.</summary>
    private static void CheckHeader(ImportRequest request, IReadOnlyList<string> columns)
    {
        if (request.ExpectedHeader is not { } expected || expected.SequenceEqual(columns, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        var missing = expected.Except(columns, StringComparer.OrdinalIgnoreCase).ToList();
        var added = columns.Except(expected, StringComparer.OrdinalIgnoreCase).ToList();
        var differences = new List<string>();
        if (missing.Count > 0)
        {
            differences.Add(string.Format(CultureInfo.CurrentCulture, Messages.HeaderMissing, string.Join(", ", missing)));
        }

        if (added.Count > 0)
        {
            differences.Add(string.Format(CultureInfo.CurrentCulture, Messages.HeaderAdded, string.Join(", ", added)));
        }

        if (differences.Count == 0)
        {
            differences.Add(string.Format(CultureInfo.CurrentCulture, Messages.HeaderReordered, string.Join(",", expected), string.Join(",", columns)));
        }

        throw ConnectException.Create(ErrorIds.HeaderChanged, ErrorKind.InvalidFile, request.Source, Messages.HeaderChanged, request.Source, string.Join("; ", differences));
    }

    /// <summary>The table options apply to some kinds of target only; asking for one elsewhere is a mistake worth saying.</summary>
    private static void CheckOptions(DataTarget target, ImportRequest request)
    {
        var refused = (request.ReplaceAll && target.Kind is not (TargetKind.Supplemental or TargetKind.Extension)) ? "ReplaceAll"
            : (request.InsertIntoList && target.Kind != TargetKind.Extension) ? "InsertIntoList"
            : (request.Remove && target.Kind != TargetKind.Suppression) ? "Remove"
            : null;
        if (refused is not null)
        {
            throw ConnectException.Create(ErrorIds.ImportOptionNotForTarget, ErrorKind.InvalidArgument, refused, Messages.ImportOptionNotForTarget, refused, target.Name, KindText(target.Kind));
        }
    }

    /// <summary>Checks each row against the list's columns and copies the good ones into a temp table.
    /// Temp tables live outside data.db, so this takes no lock that other processes would wait for.
    /// Reading and checking run on a worker thread while this one writes the staging table: the
    /// two halves cost about the same, and a machine has more than one core.</summary>
    private static async Task<(long Rows, long Staged)> StageAsync(SqliteConnection connection, Staging staging, InboundFile file, InboundFormat format, RejectSink rejects,
        IProgress<WorkProgress>? progress, string activity, CancellationToken cancellationToken)
    {
        // SQLite sorts with helper threads when allowed: the sort below runs on the core the reading
        // thread has left. (Not in the merge: with its larger page cache, each helper's sort buffer
        // grows too.)
        await ExecuteAsync(connection, null, $"PRAGMA threads={SortThreads}; {staging.CreateSql}", cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var batches = Channel.CreateBounded<CheckedBatch>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        var rows = 0L;
        var reader = Task.Run(() => ReadAndCheck(stop.Token), stop.Token);
        var staged = 0L;
        var reported = 0L;
        try
        {
            using var insert = new RawStatement(connection, staging.InsertSql);
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var row in batch.Rows)
                {
                    insert.Bind(1, row.Key);
                    insert.Bind(2, row.Line);
                    for (var i = 0; i < row.Values.Length; i++)
                    {
                        insert.Bind(i + 3, row.Values[i]);
                    }

                    insert.Execute();
                }

                staged += batch.Rows.Length;
                if (batch.Read / ImportProgressInterval > reported / ImportProgressInterval)
                {
                    progress?.Report(new WorkProgress(activity, string.Format(CultureInfo.CurrentCulture, Messages.ProgressRowsRead, batch.Read), batch.Read, null));
                }

                reported = batch.Read;
            }
        }
        finally
        {
            // The worker owns the file and the reject sink until it ends, whichever side failed.
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(reader).ConfigureAwait(false);
        }

        await reader.ConfigureAwait(false);

        // Rows arrive in file order, keys at random: appended first, then sorted once into the table
        // keyed by the match fields, where a later row with the same key replaces an earlier one (the
        // last wins) and which the merge reads in key order. Inserting at random into a keyed table
        // would touch B-tree pages at random, row after row.
        await ExecuteAsync(connection, transaction, "INSERT OR REPLACE INTO temp.stage SELECT * FROM temp.incoming ORDER BY k, line; DROP TABLE temp.incoming;", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (rows, staged);

        async Task ReadAndCheck(CancellationToken token)
        {
            try
            {
                var batch = new List<CheckedRow>(StagingBatch);
                var handOver = (long)StagingBatch;
                foreach (var row in file.ReadRows(r => { rejects.Add(r); rows++; }, token))
                {
                    rows++;
                    if (staging.Check(row, format, out var problem) is { } values)
                    {
                        batch.Add(new CheckedRow(staging.Key(values), row.Line, values));
                    }
                    else
                    {
                        rejects.Add(problem!);
                    }

                    if (rows >= handOver)
                    {
                        await batches.Writer.WriteAsync(new CheckedBatch([.. batch], rows), token).ConfigureAwait(false);
                        batch.Clear();
                        handOver = rows + StagingBatch;
                    }
                }

                await batches.Writer.WriteAsync(new CheckedBatch([.. batch], rows), token).ConfigureAwait(false);
                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.Complete(e);
                throw;
            }
        }
    }

    /// <summary>Rows read between hand-overs to the staging thread (a divisor of the progress interval).</summary>
    private const int StagingBatch = 1000;

    private readonly record struct CheckedRow(string Key, long Line, object?[] Values);

    /// <summary>Checked rows, and how many rows the file had given when they were handed over.</summary>
    private sealed record CheckedBatch(CheckedRow[] Rows, long Read);

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
            _ => await MergeRecordsAsync(kept, removed: request.ReplaceAll ? await CountAsync($"DELETE FROM {staging.Table};").ConfigureAwait(false) : 0).ConfigureAwait(false),
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
            if (staging.TracksPermission && request.OnMatch == MatchedAction.Update)
            {
                // A changed permission status is an event of its own (before the update overwrites the old one).
                var status = $"\"{SystemColumns.EmailPermissionStatus}\"";
                await CountAsync($"INSERT INTO cj_event (list_id, riid, type, time, source) SELECT {staging.TargetId}, m.riid, CASE s.{status} WHEN 'I' THEN 'OptedIn' ELSE 'OptedOut' END, $now, $source FROM temp.matched AS m JOIN temp.stage AS s ON s.k = m.k JOIN {staging.Table} ON {staging.Table}.rowid = m.riid WHERE s.{status} IS NOT NULL AND {staging.Table}.{status} IS NOT s.{status} ORDER BY m.riid;").ConfigureAwait(false);
            }

            var (updated, unchanged) = await UpdateMatchedAsync(staging.Table, "rowid").ConfigureAwait(false);
            await SampleInsertsAsync("temp.stage AS s WHERE NOT EXISTS (SELECT 1 FROM temp.matched AS m WHERE m.k = s.k)").ConfigureAwait(false);
            var inserted = request.OnNoMatch == UnmatchedAction.Insert
                ? await CountAsync($"INSERT INTO {staging.Table} ({staging.ColumnList}, {staging.Stamps}) SELECT {staging.StageColumnList}, {staging.StampValues} FROM temp.stage AS s WHERE NOT EXISTS (SELECT 1 FROM temp.matched AS m WHERE m.k = s.k) ORDER BY s.k;").ConfigureAwait(false)
                : 0;
            var skipped = (request.OnMatch == MatchedAction.Skip ? matched : 0) + (request.OnNoMatch == UnmatchedAction.Skip ? rows - matched : 0);
            return new MergeCounts(inserted, updated, unchanged, skipped, removed, 0, 0);
        }

        // An extension table: each row finds its list record (optionally added first) by the list's
        // match fields; rows that find none are rejected; then rows are merged by RIID_.
        async Task<MergeCounts> MergeExtensionAsync()
        {
            var list = staging.List!;
            var listInserted = request.InsertIntoList
                ? await CountAsync($"INSERT INTO {list} ({staging.MatchColumnList}, \"{SystemColumns.CreatedDate}\", \"{SystemColumns.ModifiedDate}\") SELECT {staging.StageMatchColumnList}, $now, $now FROM temp.stage AS s WHERE NOT EXISTS (SELECT 1 FROM {list} WHERE {staging.MatchCondition}) ORDER BY s.k;").ConfigureAwait(false)
                : 0;
            await ExecuteAsync(connection, transaction, "CREATE TEMP TABLE listed (k TEXT PRIMARY KEY, riid INTEGER NOT NULL) WITHOUT ROWID;", cancellationToken).ConfigureAwait(false);
            var found = await CountAsync($"INSERT OR IGNORE INTO temp.listed SELECT s.k, {list}.rowid FROM temp.stage AS s CROSS JOIN {list} WHERE {staging.MatchCondition};").ConfigureAwait(false);
            await RejectUnlistedAsync().ConfigureAwait(false);
            var removed = request.ReplaceAll ? await CountAsync($"DELETE FROM {staging.Table};").ConfigureAwait(false) : 0;
            await ExecuteAsync(connection, transaction, "CREATE TEMP TABLE matched (k TEXT PRIMARY KEY, riid INTEGER NOT NULL) WITHOUT ROWID;", cancellationToken).ConfigureAwait(false);
            var matched = await CountAsync($"INSERT OR IGNORE INTO temp.matched SELECT l.k, l.riid FROM temp.listed AS l JOIN {staging.Table} ON {staging.Table}.\"{SystemColumns.Riid}\" = l.riid;").ConfigureAwait(false);
            var (updated, unchanged) = await UpdateMatchedAsync(staging.Table, $"\"{SystemColumns.Riid}\"").ConfigureAwait(false);
            await SampleInsertsAsync("temp.listed AS l JOIN temp.stage AS s ON s.k = l.k WHERE NOT EXISTS (SELECT 1 FROM temp.matched AS m WHERE m.k = l.k)").ConfigureAwait(false);
            var inserted = request.OnNoMatch == UnmatchedAction.Insert
                ? await CountAsync($"INSERT OR IGNORE INTO {staging.Table} (\"{SystemColumns.Riid}\", {staging.ColumnList}, {staging.Stamps}) SELECT l.riid, {staging.StageColumnList}, {staging.StampValues} FROM temp.listed AS l JOIN temp.stage AS s ON s.k = l.k WHERE NOT EXISTS (SELECT 1 FROM temp.matched AS m WHERE m.k = l.k) ORDER BY l.riid;").ConfigureAwait(false)
                : 0;
            var skipped = (request.OnMatch == MatchedAction.Skip ? matched : 0) + (request.OnNoMatch == UnmatchedAction.Skip ? found - matched : 0);
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

            if (request.Remove)
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
            if (request.OnMatch != MatchedAction.Update)
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

        Task SampleInsertsAsync(string from) => !request.Preview || (request.OnNoMatch != UnmatchedAction.Insert && staging.Kind != TargetKind.Suppression) || request.Remove
            ? Task.CompletedTask
            : SampleAsync("Insert", $"SELECT s.line, s.k{string.Concat(staging.Own.Select(c => $", s.\"{c}\""))} FROM {from} ORDER BY s.line LIMIT {SampleSize};",
                r => staging.Own.Select((c, i) => new FieldChange(c, null, Value(r, 2 + i))).Where(f => f.After is not null));

        async Task SampleAsync(string action, string sql, Func<SqliteDataReader, IEnumerable<FieldChange>> changes)
        {
            await using var command = Command(connection, transaction, sql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                samples.Add(new ImportSample(action, reader.GetInt64(0), staging.DisplayKey(reader.GetString(1)), changes(reader).ToList()));
            }
        }

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
                    CsvText.Join(values, request.Format.Delimiter, request.Format.Quote)));
            }
        }

        async Task<long> CountAsync(string sql)
        {
            await using var command = Command(connection, transaction, sql, ("$now", now), ("$source", staging.Source));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed record MergeCounts(long Inserted, long Updated, long Unchanged, long Skipped, long Removed, long ListInserted, long Duplicates)
    {
        public IReadOnlyList<ImportSample> Samples { get; init; } = [];

        /// <summary>The write clock's stamp of the committed merge (its MODIFIED_DATE_).</summary>
        public string? Stamp { get; init; }
    }

    /// <summary>The staging table of one import and the pieces of SQL that merge it into the target.</summary>
    private sealed class Staging
    {
        private readonly int[] _matchIndexes;
        private readonly int _address;
        private readonly int _domain;

        private readonly ImportRules _rules;
        private readonly Dictionary<string, string>? _emailFormats;
        private readonly int _email;
        private readonly int _mobile;

        public Staging(FieldMap map, DataTarget target, ProfileList? list, ImportRules rules, string source)
        {
            _rules = rules;
            _emailFormats = rules.EmailFormatValues?.ToDictionary(p => p.Key.Trim(), p => p.Value, StringComparer.OrdinalIgnoreCase);
            if (rules.DefaultPermissionStatus is not (null or "I" or "O"))
            {
                throw ConnectException.Create(ErrorIds.InvalidCodeValue, ErrorKind.InvalidArgument, rules.DefaultPermissionStatus, Messages.InvalidDefaultPermission, rules.DefaultPermissionStatus);
            }

            Kind = target.Kind;
            TargetId = target.Id;
            Source = source;
            Fields = map.Fields;
            Match = map.Match;
            Table = PhysicalName(target.Id);
            List = list is null ? null : PhysicalName(list.Id);
            ListName = list?.Name;
            string Quoted(ColumnDefinition c) => $"\"{c.Name}\"";

            // An extension table's match fields are the list's: they find the record, they are not stored.
            var own = Fields.Select(f => f.Column).Where(c => Kind != TargetKind.Extension || !Match.Contains(c)).ToList();
            var typed = string.Join(", ", Fields.Select(f => $"{Quoted(f.Column)} {ValueConverter.SqlType(f.Column.Type)}"));
            CreateSql = $"CREATE TEMP TABLE incoming (k TEXT NOT NULL, line INTEGER NOT NULL, {typed}); CREATE TEMP TABLE stage (k TEXT PRIMARY KEY, line INTEGER NOT NULL, {typed}) WITHOUT ROWID;";
            InsertSql = $"INSERT INTO temp.incoming VALUES ({string.Join(", ", Enumerable.Range(1, Fields.Count + 2).Select(i => $"?{i}"))});";
            var insertColumns = own.Select(Quoted).ToList();
            var insertValues = own.Select(c => "s." + Quoted(c)).ToList();
            if (Kind == TargetKind.List && rules.DefaultPermissionStatus is { } status)
            {
                // New records without a status of their own get the job's default (a checked I or O).
                var at = own.FindIndex(c => c.Name == SystemColumns.EmailPermissionStatus);
                if (at < 0)
                {
                    insertColumns.Add($"\"{SystemColumns.EmailPermissionStatus}\"");
                    insertValues.Add($"'{status}'");
                }
                else
                {
                    insertValues[at] = $"coalesce({insertValues[at]}, '{status}')";
                }
            }

            ColumnList = string.Join(", ", insertColumns);
            StageColumnList = string.Join(", ", insertValues);
            TracksPermission = Kind == TargetKind.List && own.Any(c => c.Name == SystemColumns.EmailPermissionStatus);
            StageAllColumnList = string.Join(", ", Fields.Select(f => "s." + Quoted(f.Column)));
            MatchColumnList = string.Join(", ", Match.Select(Quoted));
            StageMatchColumnList = string.Join(", ", Match.Select(c => "s." + Quoted(c)));
            var stamps = new[] { SystemColumns.CreatedDate, SystemColumns.ModifiedDate }.Where(n => target.Columns.Any(c => c.Name == n)).ToList();
            Stamps = string.Join(", ", stamps.Select(n => $"\"{n}\""));
            StampValues = string.Join(", ", stamps.Select(_ => "$now"));

            // Match columns already agree (EMAIL_ADDRESS_ perhaps in another case): they are neither
            // compared nor overwritten, so a record keeps the address as it was first stored.
            Own = own.Select(c => c.Name).ToList();
            Updatable = own.Where(c => !Match.Contains(c)).Select(c => c.Name).ToList();
            var updatable = Updatable.Select(n => $"\"{n}\"").ToList();
            UpdateAssignments = string.Join(", ", updatable.Select(n => $"{n} = s.{n}").Append($"\"{SystemColumns.ModifiedDate}\" = $now"));
            ChangedCondition = updatable.Count == 0 ? "0" : string.Join(" OR ", updatable.Select(n => $"{Table}.{n} IS NOT s.{n}"));
            var matched = List ?? Table;
            MatchCondition = string.Join(" AND ", Match.Select(m => m.Name == SystemColumns.EmailAddress && target.Kind is TargetKind.List or TargetKind.Extension
                ? $"{matched}.\"{m.Name}\" = s.\"{m.Name}\" COLLATE NOCASE"
                : $"{matched}.\"{m.Name}\" = s.\"{m.Name}\""));
            var columns = Fields.Select(f => f.Column).ToList();
            _matchIndexes = Match.Select(c => columns.IndexOf(c)).ToArray();
            _address = columns.FindIndex(c => Kind == TargetKind.Suppression && c.Name == SystemColumns.EmailAddress);
            _domain = columns.FindIndex(c => Kind == TargetKind.Suppression && c.Name == SystemColumns.EmailDomain);
            _email = columns.FindIndex(c => c.Name == SystemColumns.EmailAddress);
            _mobile = columns.FindIndex(c => c.Name == SystemColumns.MobileNumber);
        }

        public TargetKind Kind { get; }

        public long TargetId { get; }

        /// <summary>The file, as events name it.</summary>
        public string Source { get; }

        /// <summary>A list import that brings EMAIL_PERMISSION_STATUS_: its changes become opt-in/out events.</summary>
        public bool TracksPermission { get; }

        public IReadOnlyList<(int FileIndex, ColumnDefinition Column)> Fields { get; }

        public IReadOnlyList<ColumnDefinition> Match { get; }

        public string Table { get; }

        /// <summary>For an extension table, its list's table, where the match fields find the RIID_.</summary>
        public string? List { get; }

        public string? ListName { get; }

        public string CreateSql { get; }

        public string InsertSql { get; }

        /// <summary>The target's own columns that the file feeds.</summary>
        public string ColumnList { get; }

        public string StageColumnList { get; }

        /// <summary>Every staged column, in file order (to rebuild a row for the reject file).</summary>
        public string StageAllColumnList { get; }

        public string MatchColumnList { get; }

        public string StageMatchColumnList { get; }

        /// <summary>The target's CREATED_DATE_ and MODIFIED_DATE_ (those it has), and their values.</summary>
        public string Stamps { get; }

        public string StampValues { get; }

        public string UpdateAssignments { get; }

        public string ChangedCondition { get; }

        public string MatchCondition { get; }

        public bool Has(string column) => Fields.Any(f => f.Column.Name == column);

        /// <summary>The target's own columns that the file feeds, by name.</summary>
        public IReadOnlyList<string> Own { get; }

        /// <summary>Those of them an update may change (not the match columns).</summary>
        public IReadOnlyList<string> Updatable { get; }

        /// <summary>The staging key of checked values: the match fields, EMAIL_ADDRESS_ folded to lower
        /// case the way SQLite's NOCASE folds it (ASCII letters only), so that rows the list would
        /// match alike share a key.</summary>
        public string Key(object?[] values)
        {
            if (Kind == TargetKind.Suppression)
            {
                // An entry is an address or a domain ('@' cannot start an address's key).
                return _address >= 0 && values[_address] is string address ? address : "@" + values[_domain];
            }

            if (_matchIndexes.Length == 1)
            {
                return KeyPart(0, values);
            }

            return string.Join('\u001F', Enumerable.Range(0, _matchIndexes.Length).Select(m => KeyPart(m, values)));
        }

        /// <summary>A staging key as people read it: two match fields as 'NAME=value, NAME=value'
        /// (the separator in the key itself is a control character that shows as nothing).</summary>
        public string DisplayKey(string key) =>
            Kind == TargetKind.Suppression || _matchIndexes.Length < 2 ? key : string.Join(", ", key.Split('\u001F').Select((value, i) => $"{Match[i].Name}={value}"));

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

        /// <summary>The file's text as the job reads it: email format words as codes, dates in the job's
        /// format, mobile numbers in E.164 form; null when it is fine, else why not.</summary>
        private FieldProblem? Prepare(ColumnDefinition column, string text, string where, out object? value)
        {
            value = text;
            var trimmed = text.Trim();
            if (trimmed.Length == 0)
            {
                return null;
            }

            if (column.Name == SystemColumns.EmailFormat && _emailFormats?.GetValueOrDefault(trimmed) is { } code)
            {
                value = code;
            }
            else if (column.Type == ColumnType.Timestamp && _rules.DateFormat is { } dateFormat)
            {
                if (!DateTime.TryParseExact(trimmed, dateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
                {
                    return new FieldProblem(ErrorIds.InvalidDate, column.Name, text, string.Format(CultureInfo.CurrentCulture, Messages.InvalidDate, where, column.Name, text, dateFormat));
                }

                value = date;
            }
            else if (column.Name == SystemColumns.MobileNumber && _rules.MobileCountryCode is { } country)
            {
                if (!MobileNumber.TryNormalize(trimmed, country, out var e164))
                {
                    return new FieldProblem(ErrorIds.InvalidMobileNumber, column.Name, text, string.Format(CultureInfo.CurrentCulture, Messages.InvalidMobileNumber, where, column.Name, text));
                }

                value = e164;
            }

            return null;
        }

        /// <summary>The row's values for the staging table, or null with the problem that rejects it.</summary>
        public object?[]? Check(InboundRow row, InboundFormat format, out RejectedRow? problem)
        {
            problem = null;
            var where = FieldRules.LineLocation(row.Line);
            var values = new object?[Fields.Count];
            for (var i = 0; i < Fields.Count; i++)
            {
                var (index, column) = Fields[i];
                object? stored = null;
                if ((Prepare(column, row.Fields[index], where, out var value) ?? FieldRules.Check(column, value, where, out stored)) is { } bad)
                {
                    problem = new RejectedRow(row.Line, bad.Column, bad.Rule, bad.Message, CsvText.Join(row.Fields, format.Delimiter, format.Quote));
                    return null;
                }

                values[i] = stored;
            }

            foreach (var (required, at, name) in new[] { (_rules.RequireEmail, _email, SystemColumns.EmailAddress), (_rules.RequireMobile, _mobile, SystemColumns.MobileNumber) })
            {
                if (required && values[at] is null)
                {
                    problem = new RejectedRow(row.Line, name, name == SystemColumns.EmailAddress ? ErrorIds.MissingEmail : ErrorIds.MissingMobile,
                        string.Format(CultureInfo.CurrentCulture, Messages.MissingRequiredValue, where, name), CsvText.Join(row.Fields, format.Delimiter, format.Quote));
                    return null;
                }
            }

            if (Kind == TargetKind.Suppression)
            {
                // Suppression entries are compared without regard to case: they are kept in lower case.
                var address = _address >= 0 ? values[_address] as string : null;
                var domain = _domain >= 0 ? values[_domain] as string : null;
                if ((address is null) == (domain is null))
                {
                    problem = new RejectedRow(row.Line, null, ErrorIds.SuppressionNeedsOneValue, string.Format(CultureInfo.CurrentCulture, Messages.SuppressionRowNeedsOneValue, where), CsvText.Join(row.Fields, format.Delimiter, format.Quote));
                    return null;
                }

                if (address is not null)
                {
                    values[_address] = address.ToLowerInvariant();
                }

                if (domain is not null)
                {
                    values[_domain] = domain.ToLowerInvariant();
                }
            }

            for (var m = 0; m < Match.Count; m++)
            {
                if (values[_matchIndexes[m]] is null)
                {
                    var message = string.Format(CultureInfo.CurrentCulture, Messages.MissingMatchValue, where, Match[m].Name);
                    problem = new RejectedRow(row.Line, Match[m].Name, ErrorIds.MissingMatchValue, message, CsvText.Join(row.Fields, format.Delimiter, format.Quote));
                    return null;
                }
            }

            return values;
        }
    }
}
