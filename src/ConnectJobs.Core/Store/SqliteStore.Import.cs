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
                Counts = new RowCounts(rowsRead, counts.Inserted, counts.Updated, counts.Unchanged, counts.Skipped, rejects.Count, counts.Removed),
                ListRecordsInserted = counts.ListInserted,
                DuplicateKeys = counts.Duplicates,
                Stamp = counts.Stamp,
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
}
