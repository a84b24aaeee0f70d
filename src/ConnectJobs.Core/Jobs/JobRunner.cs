using System.Globalization;
using System.Text.RegularExpressions;
using ConnectJobs.Data;
using ConnectJobs.Export;
using ConnectJobs.Import;
using ConnectJobs.Locations;
using ConnectJobs.Store;

namespace ConnectJobs.Jobs;

/// <summary>Runs a job once: takes its run lock, picks its inbound file(s), checks the count file,
/// merges, archives or sets the file aside, and records the run and its log.</summary>
public sealed partial class JobRunner
{
    /// <summary>File faults that Responsys sets aside in the failed folder (with the reason) rather
    /// than leaving in place for the next run to trip over.</summary>
    private static readonly HashSet<string> DataFaults =
    [
        "EmptyFile", "HeaderChanged", "CountMismatch", "NotCompressed", "ZipNotOneFile", "NotEncrypted", "NoDecryptionKey", "PgpNoIntegrity", "PgpIntegrityFailed", "PgpDecryptFailed", "CountFileInvalid", "InvalidEncoding", "EncodingMismatch", "NulInFile", "UnterminatedQuote", "DuplicateHeader", "EmptyHeaderName",
    ];

    private readonly IConnectStore _store;

    public JobRunner(IConnectStore store) => _store = store;

    /// <summary>Runs the job. A preview (<paramref name="preview"/>) does everything but commit,
    /// move files or record a run. A failed run is returned with its error, not thrown; a run
    /// stopped by <paramref name="cancellationToken"/> is recorded as Stopped and then throws.</summary>
    /// <remarks>With <paramref name="waitWhenRunning"/>, a run of the job that is in progress (in any
    /// process) is waited for, up to that long, instead of failing at once with JobAlreadyRunning.</remarks>
    /// <remarks>With <paramref name="force"/>, inbound files that the ledger says were imported already
    /// are imported again (a replay on purpose).</remarks>
    public async Task<JobRun> RunAsync(ConnectJob job, bool preview, IProgress<WorkProgress>? progress, CancellationToken cancellationToken, TimeSpan waitWhenRunning = default, bool force = false)
    {
        var run = preview
            ? new JobRun { JobId = job.Id, RunId = 0, Job = job.Name, Status = RunStatus.Running, Started = DateTime.UtcNow, Preview = true }
            : await StartAsync(job, waitWhenRunning, progress, cancellationToken).ConfigureAwait(false);
        await LogAsync(run, LogLevel.Information, Messages.LogRunStarted, run.RunId, job.Name, run.ProcessId, run.Host).ConfigureAwait(false);
        try
        {
            run = job.Settings switch
            {
                ExportJobSettings export => await ExportAsync(job, export, run, progress, cancellationToken).ConfigureAwait(false),
                _ => await ImportFilesAsync(job, run, force, progress, cancellationToken).ConfigureAwait(false),
            };
            run = run with { Status = run.Rejected > 0 ? RunStatus.PartiallySucceeded : RunStatus.Succeeded };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await EndAsync(run with { Status = RunStatus.Stopped, ErrorId = "RunStopped", Error = Messages.RunStopped }).ConfigureAwait(false);
            throw;
        }
        catch (ConnectException e)
        {
            run = run with { Status = RunStatus.Failed, ErrorId = e.ErrorId, Error = e.Message };
            await LogAsync(run, LogLevel.Error, "{0}", e.Message).ConfigureAwait(false);
        }

        return await EndAsync(run).ConfigureAwait(false);
    }

    private async Task<JobRun> StartAsync(ConnectJob job, TimeSpan waitWhenRunning, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + waitWhenRunning;
        while (true)
        {
            try
            {
                return await _store.StartRunAsync(job, cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectException e) when (e.ErrorId == "JobAlreadyRunning" && DateTime.UtcNow < deadline)
            {
                progress?.Report(new WorkProgress(string.Format(CultureInfo.CurrentCulture, Messages.ProgressWaitingForRun, job.Name), e.Message, 0, null));
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<JobRun> ImportFilesAsync(ConnectJob job, JobRun run, bool force, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var settings = (ImportJobSettings)job.Settings;
        var name = settings.TargetTable ?? settings.TargetList!;
        var target = await _store.FindTargetAsync(name, cancellationToken).ConfigureAwait(false) is { } found && (found.Kind == TargetKind.List) == (settings.TargetTable is null)
            ? found
            : throw DataTargetErrors.NotFound(name, isList: settings.TargetTable is null);
        using var location = await Locations.Location.OpenAsync(_store, settings.Connection, settings.SourceDirectory, cancellationToken).ConfigureAwait(false);
        var pattern = ResolveDateTokens(settings.FilePattern, DateTime.Now);
        var listed = await location.ListAsync(pattern, cancellationToken).ConfigureAwait(false);
        if (listed.Count == 0)
        {
            throw ConnectException.Create("NoInboundFile", ErrorKind.NotFound, pattern, Messages.NoInboundFile, location.Description, pattern);
        }

        // A file written to within the settling time may still be growing: it waits for a later run,
        // unless its count file is there (senders write that last).
        var files = new List<LocationFile>();
        foreach (var file in listed)
        {
            var settled = file.LastWriteUtc <= DateTime.UtcNow - settings.Settling
                || (settings.CountFile is not null && await location.FindAsync(CountFileName(settings, file), cancellationToken).ConfigureAwait(false) is not null);
            if (settled)
            {
                files.Add(file);
            }
            else
            {
                await LogAsync(run, LogLevel.Warning, Messages.LogFileNotSettled, file.Name, file.LastWriteUtc, settings.Settling.TotalSeconds).ConfigureAwait(false);
            }
        }

        if (files.Count == 0)
        {
            throw ConnectException.Create("InboundFileNotReady", ErrorKind.ResourceUnavailable, pattern, Messages.InboundFileNotReady, string.Join(", ", listed.Select(f => f.Name)), settings.Settling.TotalSeconds);
        }

        var imported = 0;
        foreach (var file in files)
        {
            if (imported > 0 && !settings.ProcessMissedFiles)
            {
                break;
            }

            await LogAsync(run, LogLevel.Information, Messages.LogFile, file.Name, file.Size, file.LastWriteUtc).ConfigureAwait(false);
            // Arrays rather than the compiler's read-only lists: PowerShell indexes and formats IList.
            run = run with { Files = run.Files.Append(file.Name).ToArray() };
            var countFile = settings.CountFile is null ? null : CountFileName(settings, file);
            try
            {
                (LocationFile File, long Count)? expected = countFile is null ? null : await ReadCountAsync(location, countFile, file, cancellationToken).ConfigureAwait(false);
                using var fetched = await location.FetchAsync(file, cancellationToken).ConfigureAwait(false);
                var transfer = await TransferAsync(TransferDirection.In, settings.Connection, location, file, fetched.Path, run, cancellationToken).ConfigureAwait(false);
                if (!force && await _store.FindTransferAsync(transfer, cancellationToken).ConfigureAwait(false) is { } earlier)
                {
                    // Left in place (a server that does not let the job move it): taken once only.
                    await LogAsync(run, LogLevel.Warning, Messages.LogAlreadyImported, file.Name, earlier.JobId, earlier.RunId, earlier.Time).ConfigureAwait(false);
                    continue;
                }

                var request = new ImportRequest(fetched.Path, settings.Format, settings.Mapping, settings.MatchColumns, settings.OnMatch, settings.OnNoMatch,
                    RejectPath: null, run.Preview, expected?.Count, settings.FailIfEmpty, settings.ReplaceAll, settings.InsertIntoList, settings.Remove) { Rules = settings.Rules, ExpectedHeader = settings.ExpectedHeader };
                if (settings.AutoExtensionTableDays is { } days)
                {
                    request = request with { NewExtensionTable = new AutoExtensionTable(AutoTableName(job, run, imported), days) };
                }

                var result = await _store.ImportAsync(target, request, progress, cancellationToken).ConfigureAwait(false);
                run = run with
                {
                    RowsRead = run.RowsRead + result.RowsRead,
                    Inserted = run.Inserted + result.Inserted,
                    Updated = run.Updated + result.Updated,
                    Unchanged = run.Unchanged + result.Unchanged,
                    Skipped = run.Skipped + result.Skipped,
                    Rejected = run.Rejected + result.Rejected,
                    Removed = run.Removed + result.Removed,
                    RejectFile = result.RejectFile ?? run.RejectFile,
                    Samples = run.Samples.Concat(result.Samples).ToArray(),
                };
                await LogAsync(run, LogLevel.Information, Messages.LogImported, file.Name, result.RowsRead, result.Inserted, result.Updated, result.Unchanged, result.Skipped, result.Rejected).ConfigureAwait(false);
                if (request.NewExtensionTable is { } created && !run.Preview)
                {
                    await LogAsync(run, LogLevel.Information, Messages.LogCreatedTable, file.Name, created.Name, target.Name, DateTime.UtcNow.AddDays(created.ExpiresInDays)).ConfigureAwait(false);
                }

                if (result.Removed > 0 || result.ListRecordsInserted > 0)
                {
                    await LogAsync(run, LogLevel.Information, Messages.LogRemovedAndListed, file.Name, result.Removed, result.ListRecordsInserted).ConfigureAwait(false);
                }
                foreach (var warning in result.Warnings)
                {
                    await LogAsync(run, LogLevel.Warning, "{0}", warning).ConfigureAwait(false);
                }

                if (!run.Preview)
                {
                    await _store.RecordTransferAsync(transfer, CancellationToken.None).ConfigureAwait(false);
                }

                imported++;
                await MoveAsync(run, location, [file, expected?.File], settings.ArchiveFolder, reason: null, cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectException e) when (DataFaults.Contains(e.ErrorId))
            {
                var count = countFile is null ? null : await location.FindAsync(countFile, CancellationToken.None).ConfigureAwait(false);
                await MoveAsync(run, location, [file, count], settings.FailedFolder, e.Message, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }

        return run;
    }

    /// <summary>The name of a run's auto-generated extension table: the job's and the run's ids (and
    /// the file's number after the first), within the 64 characters a table name may have.</summary>
    private static string AutoTableName(ConnectJob job, JobRun run, int file)
    {
        var suffix = file == 0 ? string.Create(CultureInfo.InvariantCulture, $"_{run.RunId}") : string.Create(CultureInfo.InvariantCulture, $"_{run.RunId}_{file + 1}");
        return job.Name[..Math.Min(job.Name.Length, 64 - suffix.Length)] + suffix;
    }

    private async Task<JobRun> ExportAsync(ConnectJob job, ExportJobSettings settings, JobRun run, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var now = DateTime.Now;
        using var location = await Locations.Location.OpenAsync(_store, settings.Connection, settings.TargetDirectory, cancellationToken).ConfigureAwait(false);
        var fileName = ExportFileName(settings, ResolveDateTokens(settings.FileName, now), job.Id, run.RunId);
        var since = settings.Incremental ? await _store.GetWatermarkAsync(job.Id, cancellationToken).ConfigureAwait(false) : null;
        if (settings.Incremental)
        {
            await LogAsync(run, LogLevel.Information, since is null ? Messages.LogExportAll : Messages.LogExportSince, since).ConfigureAwait(false);
        }

        var request = new ExportRequest
        {
            Source = new ExportSource { Target = settings.Source, Filter = settings.Filter, Columns = settings.Columns, Incremental = settings.Incremental, Since = since },
            Format = settings.Format,
            Protection = settings.Protection,
            Compression = settings.Compression,
            Encryption = settings.Encryption,
            ReadyFile = settings.ReadyFile,
            ReadyFileName = ResolveDateTokens(settings.ReadyFileName.Replace("{job}", job.Name, StringComparison.OrdinalIgnoreCase).Replace("{file}", fileName, StringComparison.OrdinalIgnoreCase), now),
            Preview = run.Preview,
        };
        var result = await new Exporter(_store).ExportAsync(request, location, fileName, progress, cancellationToken).ConfigureAwait(false);
        run = run with
        {
            Files = new[] { result.File },
            RowsWritten = result.Rows,
            Bytes = result.Bytes,
            Watermark = settings.Incremental ? result.Watermark : null,
        };
        await LogAsync(run, LogLevel.Information, Messages.LogExported, result.Rows, result.File, result.Bytes).ConfigureAwait(false);
        if (!run.Preview)
        {
            await _store.RecordTransferAsync(
                new FileTransfer
                {
                    Direction = TransferDirection.Out, Connection = settings.Connection, Path = result.File, Size = result.Bytes, LastWriteUtc = DateTime.UtcNow,
                    Sha256 = result.Sha256!, JobId = run.JobId, RunId = run.RunId,
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        if (result.ReadyFile is not null)
        {
            await LogAsync(run, LogLevel.Information, Messages.LogReadyFile, result.ReadyFile).ConfigureAwait(false);
        }

        if (settings.RetentionDays is { } days && !run.Preview)
        {
            // Only this job's own files: its name pattern with the tokens and run numbers as wildcards.
            var pattern = ExportFileName(settings, DateToken().Replace(settings.FileName, "*"), null, null);
            foreach (var old in (await location.ListAsync(pattern, cancellationToken).ConfigureAwait(false)).Where(f => f.LastWriteUtc < DateTime.UtcNow.AddDays(-days) && f.Name != fileName))
            {
                await location.DeleteAsync(old, cancellationToken).ConfigureAwait(false);
                await LogAsync(run, LogLevel.Information, Messages.LogRetentionDeleted, old.Name, days).ConfigureAwait(false);
            }
        }

        return run;
    }

    /// <summary>The delivered file's name: the optional 'JobID_RunID_' prefix ('*_*_' for a pattern
    /// when no run is given), the name, and the extensions of compression and encryption.</summary>
    internal static string ExportFileName(ExportJobSettings settings, string name, long? jobId, long? runId)
    {
        var prefix = !settings.RunIdPrefix ? "" : jobId is null ? "*_*_" : string.Create(CultureInfo.InvariantCulture, $"{jobId}_{runId}_");
        var extension = settings.Compression switch { Compression.GZip => ".gz", Compression.Zip => ".zip", _ => "" }
            + (settings.Encryption is null ? "" : settings.Encryption.Armor ? ".asc" : ".pgp");
        return prefix + (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase) ? name : name + extension);
    }

    /// <summary>The ledger entry of a file: where it is, what it is (size, time, SHA-256 of its bytes), and the run.</summary>
    private static async Task<FileTransfer> TransferAsync(TransferDirection direction, string? connection, ILocation location, LocationFile file, string localCopy, JobRun run, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(localCopy);
        var hash = Convert.ToHexString(await System.Security.Cryptography.SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false)).ToLowerInvariant();
        return new FileTransfer
        {
            Direction = direction,
            Connection = connection,
            Path = $"{location.Description.TrimEnd('/', '\\')}/{file.Name}",
            Size = file.Size,
            LastWriteUtc = file.LastWriteUtc,
            Sha256 = hash,
            JobId = run.JobId,
            RunId = run.RunId,
        };
    }

    private static string CountFileName(ImportJobSettings settings, LocationFile file) =>
        settings.CountFile!.Replace("{name}", Path.GetFileNameWithoutExtension(file.Name), StringComparison.OrdinalIgnoreCase);

    private static async Task<(LocationFile File, long Count)> ReadCountAsync(ILocation location, string name, LocationFile dataFile, CancellationToken cancellationToken)
    {
        var countFile = await location.FindAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw ConnectException.Create("CountFileMissing", ErrorKind.NotFound, name, Messages.CountFileMissing, name, dataFile.Name);
        using var fetched = await location.FetchAsync(countFile, cancellationToken).ConfigureAwait(false);
        var text = (await File.ReadAllTextAsync(fetched.Path, cancellationToken).ConfigureAwait(false)).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? (countFile, count)
            : throw ConnectException.Create("CountFileInvalid", ErrorKind.InvalidData, name, Messages.CountFileInvalid, name);
    }

    /// <summary>Replaces date tokens such as {yyyyMMdd} with the date they format.</summary>
    internal static string ResolveDateTokens(string pattern, DateTime now) =>
        DateToken().Replace(pattern, m => now.ToString(m.Groups[1].Value, CultureInfo.InvariantCulture));

    private async Task MoveAsync(JobRun run, ILocation location, LocationFile?[] files, string folder, string? reason, CancellationToken cancellationToken)
    {
        if (run.Preview)
        {
            return;
        }

        foreach (var file in files.OfType<LocationFile>())
        {
            var moved = await location.MoveAsync(file, folder, cancellationToken).ConfigureAwait(false);
            await LogAsync(run, LogLevel.Information, Messages.LogMoved, file.Name, moved).ConfigureAwait(false);
            if (reason is not null)
            {
                await location.WriteTextAsync(folder, Path.GetFileName(moved) + ".reason.txt", reason + Environment.NewLine, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<JobRun> EndAsync(JobRun run)
    {
        if (run.Preview)
        {
            return run with { Ended = DateTime.UtcNow };
        }

        // The run is over whatever the caller's token says: record it, so that its lock is released.
        await LogAsync(run, run.Status == RunStatus.Failed ? LogLevel.Error : LogLevel.Information, Messages.LogRunEnded, run.Status).ConfigureAwait(false);
        return await _store.FinishRunAsync(run, CancellationToken.None).ConfigureAwait(false);
    }

    private Task LogAsync(JobRun run, LogLevel level, string format, params object?[] args) =>
        run.Preview ? Task.CompletedTask : _store.AppendLogAsync(run, level, string.Format(CultureInfo.CurrentCulture, format, args), CancellationToken.None);

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex DateToken();
}
