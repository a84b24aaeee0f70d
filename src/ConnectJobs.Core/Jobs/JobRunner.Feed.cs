using System.Globalization;
using ConnectJobs.Events;
using ConnectJobs.Export;

namespace ConnectJobs.Jobs;

/// <summary>An event feed's run: for each of its event types, the events stored since its last
/// delivered file, in one file of the layout, delivered as an export job delivers (temporary name,
/// compression, encryption, ready file, ledger, retention). A type's position moves on as soon as
/// its file is at its final name, so a run that fails or is stopped later neither loses nor repeats
/// those events; for the types it did not finish it moves nothing.</summary>
public sealed partial class JobRunner
{
    private async Task<JobRun> FeedAsync(ConnectJob job, ExportJobSettings settings, EventFeedSettings feed, JobRun run, List<RunFile> outcomes, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var now = DateTime.Now;
        using var location = await OpenTargetAsync(job, settings, run, now, cancellationToken).ConfigureAwait(false);
        var positions = await _store.GetFeedPositionsAsync(job.Id, cancellationToken).ConfigureAwait(false);
        long rows = 0, bytes = 0;
        string? fileName = null;
        var upTo = await _store.GetLastSequenceAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (token, source, moves) in FeedLayouts.Files(feed, type => positions.GetValueOrDefault(type), upTo))
        {
            fileName = FeedFileName(settings, feed, token, now, job.Id, run.RunId);
            var request = new ExportRequest
            {
                Source = new ExportSource { Target = token, Events = source },
                Options = settings.Options,
                ReadyFile = settings.ReadyFile,
                ReadyFileName = ResolveDateTokens(settings.ReadyFileName.Replace("{job}", job.Name, StringComparison.OrdinalIgnoreCase).Replace("{file}", fileName, StringComparison.OrdinalIgnoreCase), now),
                Preview = run.Preview,
            };
            ExportResult result;
            try
            {
                result = await new Exporter(_store).ExportAsync(request, location, fileName, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                outcomes.Add(new RunFile(fileName, FileOutcome.Failed, ErrorIdOf(e)));
                throw;
            }

            outcomes.Add(new RunFile(result.File, FileOutcome.Exported));
            await LogAsync(run, LogLevel.Information, Messages.LogFeedExported, result.Rows, string.Join(", ", source.Types), source.AfterSequence, result.File, result.Bytes).ConfigureAwait(false);
            if (!run.Preview)
            {
                await RecordDeliveryAsync(settings, run, result).ConfigureAwait(false);
                foreach (var type in moves)
                {
                    await _store.SetFeedPositionAsync(job.Id, type, long.Parse(result.Watermark!, CultureInfo.InvariantCulture), CancellationToken.None).ConfigureAwait(false);
                }
            }

            rows += result.Rows;
            bytes += result.Bytes;
        }

        run = run with { RowsWritten = rows, Bytes = bytes };
        if (settings.RetentionDays is { } days && !run.Preview && fileName is not null)
        {
            await ApplyRetentionAsync(job, settings, run, location, fileName, days, cancellationToken).ConfigureAwait(false);
        }

        return run;
    }

    /// <summary>A feed file's name: '{type}' is <paramref name="token"/>, the file's word (CLICK,
    /// SMS_CLICK; activities, broadcasts), '{account}' the account number, and date tokens the run's time.</summary>
    public static string FeedFileName(ExportJobSettings settings, EventFeedSettings feed, string token, DateTime now, long jobId, long runId) =>
        ExportFileName(settings, ResolveDateTokens(settings.FileName.Replace("{type}", token, StringComparison.OrdinalIgnoreCase)
            .Replace("{account}", feed.AccountId.ToString(CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase), now), jobId, runId);
}
