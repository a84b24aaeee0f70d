using System.Globalization;
using ConnectJobs.Export;
using ConnectJobs.Locations;

namespace ConnectJobs.Jobs;

/// <summary>An export job's run: writes the file, delivers it, records it in the ledger, and removes
/// this job's own old deliveries (retention) and leftovers of runs that were killed.</summary>
public sealed partial class JobRunner
{
    private async Task<JobRun> ExportAsync(ConnectJob job, ExportJobSettings settings, JobRun run, List<RunFile> outcomes, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var now = DateTime.Now;
        // A preview names the file the next run will really write.
        var runId = run.Preview ? (await _store.GetRunsAsync(job.Id, null, null, cancellationToken).ConfigureAwait(false)).Select(r => r.RunId).DefaultIfEmpty(0).Max() + 1 : run.RunId;
        var fileName = ExportFileName(settings, ResolveDateTokens(settings.FileName, now), job.Id, runId);
        try
        {
            return await DeliverAsync(job, settings, run, fileName, now, outcomes, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (outcomes.Count == 0)
        {
            // A failed run still names the file it was to deliver.
            outcomes.Add(new RunFile(fileName, FileOutcome.Failed, ErrorIdOf(e)));
            throw;
        }
    }

    /// <summary>The job's target folder for this run (its dated folders made), with what killed runs
    /// of the job left there removed.</summary>
    private async Task<ILocation> OpenTargetAsync(ConnectJob job, ExportJobSettings settings, JobRun run, DateTime now, CancellationToken cancellationToken)
    {
        if (!run.Preview && DatedFolders(settings.TargetDirectory) is var (root, dated))
        {
            // Folders named by the date ('{yyyy}/{MM}', as Clang lays them out) are made under the
            // part of the path before them, which must exist.
            using var parent = await Locations.Location.OpenAsync(_store, settings.Connection, root, cancellationToken).ConfigureAwait(false);
            await parent.CreateFoldersAsync(ResolveDateTokens(dated, now), cancellationToken).ConfigureAwait(false);
        }

        var location = await Locations.Location.OpenAsync(_store, settings.Connection, ResolveDateTokens(settings.TargetDirectory, now), cancellationToken).ConfigureAwait(false);
        try
        {
            if (!run.Preview)
            {
                await RemoveLeftoversAsync(job, settings, run, location, cancellationToken).ConfigureAwait(false);
            }

            return location;
        }
        catch
        {
            location.Dispose();
            throw;
        }
    }

    /// <summary>Records a delivered file in the ledger (what retention later trusts).</summary>
    private Task RecordDeliveryAsync(ExportJobSettings settings, JobRun run, ExportResult result) =>
        _store.RecordTransferAsync(
            new FileTransfer
            {
                Direction = TransferDirection.Out, Connection = settings.Connection, Path = result.File, Size = result.Bytes, LastWriteUtc = DateTime.UtcNow,
                Sha256 = result.Sha256!, JobId = run.JobId, RunId = run.RunId,
            },
            CancellationToken.None);

    private async Task<JobRun> DeliverAsync(ConnectJob job, ExportJobSettings settings, JobRun run, string fileName, DateTime now, List<RunFile> outcomes, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        using var location = await OpenTargetAsync(job, settings, run, now, cancellationToken).ConfigureAwait(false);

        var since = settings.Incremental ? await _store.GetWatermarkAsync(job.Id, cancellationToken).ConfigureAwait(false) : null;
        if (settings.Incremental)
        {
            await LogAsync(run, LogLevel.Information, since is null ? Messages.LogExportAll : Messages.LogExportSince, since).ConfigureAwait(false);
        }

        var request = new ExportRequest
        {
            Source = new ExportSource { Target = settings.Source, Filter = settings.Filter, Columns = settings.Columns, Incremental = settings.Incremental, Since = since, Recipients = settings.Recipients },
            Options = settings.Options,
            ReadyFile = settings.ReadyFile,
            ReadyFileName = ResolveDateTokens(settings.ReadyFileName.Replace("{job}", job.Name, StringComparison.OrdinalIgnoreCase).Replace("{file}", fileName, StringComparison.OrdinalIgnoreCase), now),
            Preview = run.Preview,
        };
        var result = await new Exporter(_store).ExportAsync(request, location, fileName, progress, cancellationToken).ConfigureAwait(false);
        outcomes.Add(new RunFile(result.File, FileOutcome.Exported));
        run = run with { RowsWritten = result.Rows, Bytes = result.Bytes, Watermark = settings.Incremental ? result.Watermark : null };
        await LogAsync(run, LogLevel.Information, Messages.LogExported, result.Rows, result.File, result.Bytes).ConfigureAwait(false);
        if (!run.Preview)
        {
            await RecordDeliveryAsync(settings, run, result).ConfigureAwait(false);
        }

        if (result.ReadyFile is not null)
        {
            await LogAsync(run, LogLevel.Information, Messages.LogReadyFile, result.ReadyFile).ConfigureAwait(false);
        }

        if (settings.RetentionDays is { } days && !run.Preview)
        {
            await ApplyRetentionAsync(job, settings, run, location, fileName, days, cancellationToken).ConfigureAwait(false);
        }

        return run;
    }

    /// <summary>Deletes this job's delivered files older than the retention: only files the ledger
    /// says this job delivered itself (a file of the same name pattern from anyone else stays).</summary>
    private async Task ApplyRetentionAsync(ConnectJob job, ExportJobSettings settings, JobRun run, ILocation location, string fileName, int days, CancellationToken cancellationToken)
    {
        var delivered = (await _store.GetTransfersAsync(job.Id, null, cancellationToken).ConfigureAwait(false))
            .Where(t => t.Direction == TransferDirection.Out).Select(t => t.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var old in await location.ListAsync(OwnFiles(settings, job.Id), cancellationToken).ConfigureAwait(false))
        {
            if (old.LastWriteUtc < DateTime.UtcNow.AddDays(-days) && old.Name != fileName && delivered.Contains(DeliveredPath(location, old.Name)))
            {
                await location.DeleteAsync(old, cancellationToken).ConfigureAwait(false);
                await LogAsync(run, LogLevel.Information, Messages.LogRetentionDeleted, old.Name, days).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Removes the temporary files ('.NAME.partial') that runs of this job left when they were
    /// killed mid-delivery: no consumer takes them, and nothing else would ever remove them.</summary>
    private async Task RemoveLeftoversAsync(ConnectJob job, ExportJobSettings settings, JobRun run, ILocation location, CancellationToken cancellationToken)
    {
        foreach (var partial in await location.ListAsync($".{OwnFiles(settings, job.Id)}.partial", cancellationToken).ConfigureAwait(false))
        {
            await location.DeleteAsync(partial, cancellationToken).ConfigureAwait(false);
            await LogAsync(run, LogLevel.Information, Messages.LogLeftoverRemoved, partial.Name).ConfigureAwait(false);
        }
    }

    /// <summary>A directory split where its first folder with a date token begins, or null when it has none.</summary>
    private static (string Root, string Dated)? DatedFolders(string directory)
    {
        var token = directory.IndexOf('{', StringComparison.Ordinal);
        if (token < 0)
        {
            return null;
        }

        var start = directory.LastIndexOfAny(['/', '\\'], token) + 1;
        return (directory[..start], directory[start..].Replace('\\', '/'));
    }

    /// <summary>The names this job's files have: its name pattern with the date tokens and run numbers as wildcards.</summary>
    private static string OwnFiles(ExportJobSettings settings, long jobId) =>
        ExportFileName(settings, DateToken().Replace(settings.FileName, "*"), jobId, null);

    /// <summary>The path the ledger records for a file delivered to the location (as the exporter names it).</summary>
    private static string DeliveredPath(ILocation location, string name) => $"{location.Description.TrimEnd('/', '\\')}{Path.DirectorySeparatorChar}{name}";

    /// <summary>The delivered file's name: the optional 'JobID_RunID_' prefix ('JobID_*_' for a pattern
    /// for those not given), the name, and the extensions of compression and encryption.</summary>
    internal static string ExportFileName(ExportJobSettings settings, string name, long? jobId, long? runId)
    {
        var prefix = !settings.RunIdPrefix ? "" : string.Create(CultureInfo.InvariantCulture, $"{(jobId is null ? "*" : jobId)}_{(runId is null ? "*" : runId)}_");
        var extension = settings.Options.Compression switch { Compression.GZip => ".gz", Compression.Zip => ".zip", _ => "" }
            + (settings.Options.Encryption is null ? "" : settings.Options.Encryption.Armor ? ".asc" : ".pgp");
        return prefix + (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase) ? name : name + extension);
    }
}
