using System.Globalization;
using ConnectJobs.Events;
using ConnectJobs.Import;

namespace ConnectJobs.Jobs;

/// <summary>An import job whose files are events (a sending platform's event files on a server): each
/// fetched file is stored in the event store instead of merged into a list, with everything else of
/// an import run (settling, count files, ledger, archive or failed folder) as it is.</summary>
public sealed partial class JobRunner
{
    /// <summary>How many rejected rows a run's log lists one by one.</summary>
    private const int LoggedRejects = 20;

    private async Task<JobRun> IngestEventsAsync(ConnectJob job, ImportJobSettings settings, JobRun run, string source, string localCopy, long? expectedRows, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(source);
        if (run.Preview)
        {
            // Events are appended in one transaction that a preview cannot roll back in part: it names the file only.
            await LogAsync(run, LogLevel.Information, Messages.LogEventsPreview, name).ConfigureAwait(false);
            return run;
        }

        var options = new EventFileOptions
        {
            Format = Path.GetExtension(name).ToLowerInvariant() is ".jsonl" or ".ndjson" ? EventFileFormat.JsonLines : EventFileFormat.Csv,
            Delimiter = settings.Options.Format.Delimiter,
            Encoding = settings.Options.Format.Encoding,
            Map = settings.Options.Mapping,
            TimeZone = job.Schedule.TimeZone,
            ExpectedRows = expectedRows,
            SourceName = source,
        };
        var result = await new EventFile(_store).IngestAsync(localCopy, options, cancellationToken).ConfigureAwait(false);
        run = run with { Counts = run.Counts + new RowCounts(RowsRead: result.Rows, Inserted: result.Added, Skipped: result.Duplicates, Rejected: result.Rejected) };
        await LogAsync(run, LogLevel.Information, Messages.LogEventsStored, name, result.Rows, result.Added, result.Duplicates, result.Rejected).ConfigureAwait(false);
        if (result.WithoutOffset > 0)
        {
            await LogAsync(run, LogLevel.Warning, Messages.LogEventsWithoutOffset, result.WithoutOffset, result.TimeZone).ConfigureAwait(false);
        }

        foreach (var reject in result.Rejects.Take(LoggedRejects))
        {
            await LogAsync(run, LogLevel.Warning, Messages.LogEventRejected, reject.Line, reject.Column ?? "-", reject.Rule, reject.Message).ConfigureAwait(false);
        }

        return run;
    }
}
