using System.Globalization;
using ConnectJobs.Data;
using ConnectJobs.Import;
using ConnectJobs.Locations;

namespace ConnectJobs.Jobs;

/// <summary>An import job's run: picks its inbound file(s), checks the count file, merges, and
/// archives each file or sets it aside in the failed folder when the file is at fault.</summary>
public sealed partial class JobRunner
{
    private async Task<JobRun> ImportFilesAsync(ConnectJob job, JobRun run, List<RunFile> outcomes, bool force, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var settings = (ImportJobSettings)job.Settings;
        var name = settings.TargetTable ?? settings.TargetList!;
        var target = settings.TargetEvents ? null
            : await _store.FindTargetAsync(name, cancellationToken).ConfigureAwait(false) is { } found && (found.Kind == TargetKind.List) == (settings.TargetTable is null)
            ? found
            : throw DataTargetErrors.NotFound(name, isList: settings.TargetTable is null);
        var now = DateTime.Now;
        using var location = await Locations.Location.OpenAsync(_store, settings.Connection, ResolveDateTokens(settings.SourceDirectory, now), cancellationToken).ConfigureAwait(false);
        var pattern = ResolveDateTokens(settings.FilePattern, now);

        // Missed files are those of other dates too: the dated pattern with any date in its tokens.
        var listed = new List<LocationFile>();
        foreach (var file in await location.ListAsync(settings.ProcessMissedFiles ? AnyDate(settings.FilePattern, now) : pattern, cancellationToken).ConfigureAwait(false))
        {
            // A name that cannot be a file of this directory (a hostile or broken listing) is never
            // touched: no local path is made from it, nothing is fetched, moved or written.
            if (RemoteLocation.IsSafeName(file.Name))
            {
                listed.Add(file);
            }
            else
            {
                outcomes.Add(new RunFile(file.Name, FileOutcome.Refused, ErrorIds.UnsafeRemoteName));
                await LogAsync(run, LogLevel.Warning, Messages.LogUnsafeName, file.Name).ConfigureAwait(false);
            }
        }

        if (listed.Count == 0)
        {
            throw ConnectException.Create(ErrorIds.NoInboundFile, ErrorKind.NotFound, pattern, Messages.NoInboundFile, location.Description, pattern);
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
                outcomes.Add(new RunFile(file.Name, FileOutcome.NotSettled));
                await LogAsync(run, LogLevel.Warning, Messages.LogFileNotSettled, file.Name, file.LastWriteUtc, settings.Settling.TotalSeconds).ConfigureAwait(false);
            }
        }

        var imported = 0;
        foreach (var file in files)
        {
            if (imported > 0 && !settings.ProcessMissedFiles)
            {
                break;
            }

            await LogAsync(run, LogLevel.Information, Messages.LogFile, file.Name, file.Size, file.LastWriteUtc).ConfigureAwait(false);
            var countFile = settings.CountFile is null ? null : CountFileName(settings, file);
            try
            {
                (LocationFile File, long Count)? expected = countFile is null ? null : await ReadCountAsync(location, countFile, file, cancellationToken).ConfigureAwait(false);
                using var fetched = await location.FetchAsync(file, cancellationToken).ConfigureAwait(false);
                var transfer = await TransferAsync(TransferDirection.In, settings.Connection, location, file, fetched.Path, run, cancellationToken).ConfigureAwait(false);
                if (!force && await _store.FindTransferAsync(transfer, cancellationToken).ConfigureAwait(false) is { } earlier)
                {
                    // Taken once only; archived as processed so that it does not come round again.
                    await LogAsync(run, LogLevel.Warning, Messages.LogAlreadyImported, file.Name, earlier.JobId, earlier.RunId, earlier.Time).ConfigureAwait(false);
                    outcomes.Add(new RunFile(file.Name, FileOutcome.AlreadyImported));
                    await MoveAsync(run, location, [file, expected?.File], settings.ArchiveFolder, reason: null, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                run = await ImportFileAsync(job, settings, target, run, transfer.Path, fetched.Path, expected?.Count, imported, progress, cancellationToken).ConfigureAwait(false);
                if (!run.Preview)
                {
                    await _store.RecordTransferAsync(transfer, CancellationToken.None).ConfigureAwait(false);
                }

                outcomes.Add(new RunFile(file.Name, FileOutcome.Imported));
                imported++;
                await MoveAsync(run, location, [file, expected?.File], settings.ArchiveFolder, reason: null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                if (!outcomes.Any(o => o.Name == file.Name))
                {
                    outcomes.Add(new RunFile(file.Name, FileOutcome.Failed, ErrorIdOf(e)));
                }

                // A fault of the file's own goes to the failed folder with its reason, as Responsys
                // does; a fault of the job or the environment leaves it for the next run.
                if (e is ConnectException { IsFileFault: true })
                {
                    var count = countFile is null ? null : await location.FindAsync(countFile, CancellationToken.None).ConfigureAwait(false);
                    await MoveAsync(run, location, [file, count], settings.FailedFolder, e.Message, CancellationToken.None).ConfigureAwait(false);
                }

                throw;
            }
        }

        return run;
    }

    /// <summary>Merges one fetched file and adds what it did to the run.</summary>
    private async Task<JobRun> ImportFileAsync(ConnectJob job, ImportJobSettings settings, DataTarget? target, JobRun run, string source, string localCopy, long? expectedRows, int fileIndex, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        if (target is null)
        {
            return await IngestEventsAsync(job, settings, run, source, localCopy, expectedRows, cancellationToken).ConfigureAwait(false);
        }

        var request = new ImportRequest(localCopy, settings.Options)
        {
            Preview = run.Preview,
            ExpectedRows = expectedRows,
            DecryptionPassphrase = settings.Options.Format.DecryptionKeyFile is null ? null : (await _store.GetJobSecretAsync(job, cancellationToken).ConfigureAwait(false))?.ToCharArray(),
            SourceName = source,
            CustomEvent = settings.CustomEvent,
            NewExtensionTable = settings.AutoExtensionTableDays is { } days ? new AutoExtensionTable(AutoTableName(job, run, fileIndex), days) : null,
        };
        var name = Path.GetFileName(source);
        var result = await new Importer(_store).ImportAsync(target, request, progress, cancellationToken).ConfigureAwait(false);
        run = run with
        {
            Counts = run.Counts + result.Counts,
            RejectFile = result.RejectFile ?? run.RejectFile,
            Samples = run.Samples.Concat(result.Samples).ToArray(),
            LoadStamps = result.Stamp is null ? run.LoadStamps : run.LoadStamps.Append(result.Stamp).ToArray(),
        };
        await LogAsync(run, LogLevel.Information, Messages.LogImported, name, result.RowsRead, result.Inserted, result.Updated, result.Unchanged, result.Skipped, result.Rejected).ConfigureAwait(false);
        if (request.NewExtensionTable is { } created && !run.Preview)
        {
            await LogAsync(run, LogLevel.Information, Messages.LogCreatedTable, name, created.Name, target.Name, DateTime.UtcNow.AddDays(created.ExpiresInDays)).ConfigureAwait(false);
        }

        if (result.Removed > 0 || result.ListRecordsInserted > 0)
        {
            await LogAsync(run, LogLevel.Information, Messages.LogRemovedAndListed, name, result.Removed, result.ListRecordsInserted).ConfigureAwait(false);
        }

        foreach (var warning in result.Warnings)
        {
            await LogAsync(run, LogLevel.Warning, "{0}", warning).ConfigureAwait(false);
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

    /// <summary>The pattern with each date token standing for any date of the same length
    /// ('contacts_{yyyyMMdd}*.csv' takes 'contacts_20261201_a.csv' too).</summary>
    private static string AnyDate(string pattern, DateTime now) =>
        DateToken().Replace(pattern, m => new string('?', now.ToString(m.Groups[1].Value, CultureInfo.InvariantCulture).Length));

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
            ?? throw ConnectException.Create(ErrorIds.CountFileMissing, ErrorKind.InvalidFile, name, Messages.CountFileMissing, name, dataFile.Name);
        using var fetched = await location.FetchAsync(countFile, cancellationToken).ConfigureAwait(false);
        var text = (await File.ReadAllTextAsync(fetched.Path, cancellationToken).ConfigureAwait(false)).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? (countFile, count)
            : throw ConnectException.Create(ErrorIds.CountFileInvalid, ErrorKind.InvalidFile, name, Messages.CountFileInvalid, name);
    }

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
}
