using System.Diagnostics;
using System.Globalization;
using ConnectJobs.Data;
using ConnectJobs.Store;

namespace ConnectJobs.Import;

/// <summary>Merges one file into a profile list or a table, as the <see cref="Export.Exporter"/>
/// writes one: the file decoded (decrypted, decompressed) into a working copy, its header and the
/// request's options checked against the target, its columns mapped, then the store stages and
/// merges the rows (<see cref="IImportStore.MergeAsync"/>), and the outcome is told in an
/// <see cref="ImportResult"/> with its warnings. The merge is one transaction: a failure, a cancel
/// or a preview leaves the target exactly as it was.</summary>
public sealed class Importer(IConnectStore store)
{
    public async Task<ImportResult> ImportAsync(DataTarget target, ImportRequest request, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return await ImportFileAsync(target, request, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (IoFaults.IsDiskFull(e))
        {
            // The decoded copy or the staging spill in the store's folder.
            throw IoFaults.DiskFull(store.Location, e);
        }
    }

    private async Task<ImportResult> ImportFileAsync(DataTarget target, ImportRequest request, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var plain = await InboundDecoder.DecodeAsync(request.FilePath, request.Source, request.Options.Format, request.DecryptionPassphrase, store.TemporaryFolder, cancellationToken).ConfigureAwait(false);
        using var deletePlain = plain is null ? null : new TemporaryFile(plain);
        using var file = InboundFile.Open(plain ?? request.FilePath, request.Options.Format, request.Source);
        CheckHeader(request, file.Columns);
        if (request.NewExtensionTable is not { } wanted)
        {
            return await MergeFileAsync(target, request, file, clock, progress, cancellationToken).ConfigureAwait(false);
        }

        // The new table exists only with its rows: a failed import or a preview removes it again (a
        // killed process leaves it empty, and it expires like the others).
        var table = await store.CreateTableAsync(AutoTableDefinition(target, wanted, request, file.Columns), cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await MergeFileAsync(table, request, file, clock, progress, cancellationToken).ConfigureAwait(false);
            if (request.Preview)
            {
                await store.RemoveTargetAsync(table, CancellationToken.None).ConfigureAwait(false);
            }

            return result;
        }
        catch
        {
            await store.RemoveTargetAsync(table, CancellationToken.None).ConfigureAwait(false);
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
            throw ConnectException.Create(ErrorIds.ImportOptionNotForTarget, ErrorKind.InvalidArgument, "AutoExtensionTableDays", Messages.ImportOptionNotForTarget, "AutoExtensionTableDays", target.Name, DataTargetErrors.KindText(target.Kind));
        }

        var columns = fileColumns
            .Select(c => request.Options.Mapping?.FirstOrDefault(m => m.Key.Equals(c, StringComparison.OrdinalIgnoreCase)).Value ?? c)
            .Where(c => !request.Options.MatchColumns.Contains(c, StringComparer.OrdinalIgnoreCase) && !target.Columns.Any(l => l.Name.Equals(c, StringComparison.OrdinalIgnoreCase) && l.Name.EndsWith('_')))
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
        var list = target is DataTable { Kind: TargetKind.Extension } extension
            ? (ProfileList?)(await store.FindTargetAsync(extension.List!, cancellationToken).ConfigureAwait(false))
            : null;
        var map = MapFile(target, list, request, file.Columns);
        using var rejects = new RejectSink(request.RejectPath ?? Path.Combine(store.RejectFolder,
            string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}-{Path.GetFileNameWithoutExtension(request.Source)}.rejects.csv")));
        var counts = await store.MergeAsync(new ImportBatch(target, list, map, request), file, rejects, progress, cancellationToken).ConfigureAwait(false);
        var rejectFile = request.Preview ? null : rejects.Keep();
        return new ImportResult
        {
            File = request.Source,
            Target = target.Name,
            Header = file.Columns.ToArray(),
            Request = request with { DecryptionPassphrase = null },
            Counts = new RowCounts(counts.RowsRead, counts.Inserted, counts.Updated, counts.Unchanged, counts.Skipped, rejects.Count, counts.Removed),
            ListRecordsInserted = counts.ListInserted,
            DuplicateKeys = counts.Duplicates,
            Stamp = counts.Stamp,
            RejectFile = rejectFile,
            FirstRejects = rejects.First,
            Samples = counts.Samples,
            UnmappedColumns = map.Unmapped,
            Warnings = Warnings(request, map, counts, rejects.Count, rejectFile),
            Committed = !request.Preview,
            Duration = clock.Elapsed,
        };
    }

    /// <summary>What the user should know: unmapped and like-named columns, dropped duplicates, rejected rows.</summary>
    private static List<string> Warnings(ImportRequest request, FieldMap map, MergeCounts counts, long rejected, string? rejectFile)
    {
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

        if (rejected > 0)
        {
            warnings.Add(string.Format(CultureInfo.CurrentCulture, Messages.WarningRejected, request.Source, rejected, rejectFile ?? Messages.NoRejectFileInPreview));
        }

        return warnings;
    }

    /// <summary>Which file column feeds which column, by the target's kind: a list or supplemental
    /// table by its own columns (a supplemental table matches on its primary key); an extension table
    /// by its columns plus its list's match columns, which find the RIID_; a suppression list by
    /// address or domain.</summary>
    private static FieldMap MapFile(DataTarget target, ProfileList? list, ImportRequest request, IReadOnlyList<string> fileColumns)
    {
        CheckOptions(target, request);
        var likeNamed = request.Options.Rules.MatchLikeNamedColumns;
        var map = target.Kind switch
        {
            TargetKind.Supplemental => FieldMap.Create(target, request.Source, fileColumns, request.Options.Mapping, target.PrimaryKey, likeNamed),
            TargetKind.Extension => FieldMap.Create(target.Name, target.Kind,
                [.. list!.Columns.Where(c => request.Options.MatchColumns.Contains(c.Name, StringComparer.OrdinalIgnoreCase)), .. target.Columns.Where(c => c.Name != SystemColumns.Riid)],
                request.Source, fileColumns, request.Options.Mapping, request.Options.MatchColumns, likeNamed),
            TargetKind.Suppression => FieldMap.Create(target, request.Source, fileColumns, request.Options.Mapping, [], likeNamed),
            _ => FieldMap.Create(target, request.Source, fileColumns, request.Options.Mapping, request.Options.MatchColumns, likeNamed),
        };
        if (target.Kind == TargetKind.Suppression && !map.Fields.Any(f => f.Column.Name is SystemColumns.EmailAddress or SystemColumns.EmailDomain))
        {
            throw ConnectException.Create(ErrorIds.SuppressionNeedsColumn, ErrorKind.InvalidArgument, request.Source, Messages.SuppressionNeedsColumn, request.Source, target.Name);
        }

        // A row without an address would be rejected: a file without the column fails as a whole.
        foreach (var (required, column) in new[] { (request.Options.Rules.RequireEmail, SystemColumns.EmailAddress), (request.Options.Rules.RequireMobile, SystemColumns.MobileNumber) })
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
        if (request.Options.ExpectedHeader is not { } expected || expected.SequenceEqual(columns, StringComparer.OrdinalIgnoreCase))
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
        var refused = (request.Options.ReplaceAll && target.Kind is not (TargetKind.Supplemental or TargetKind.Extension)) ? "ReplaceAll"
            : (request.Options.InsertIntoList && target.Kind != TargetKind.Extension) ? "InsertIntoList"
            : (request.Options.Remove && target.Kind != TargetKind.Suppression) ? "Remove"
            : null;
        if (refused is not null)
        {
            throw ConnectException.Create(ErrorIds.ImportOptionNotForTarget, ErrorKind.InvalidArgument, refused, Messages.ImportOptionNotForTarget, refused, target.Name, DataTargetErrors.KindText(target.Kind));
        }
    }
}
