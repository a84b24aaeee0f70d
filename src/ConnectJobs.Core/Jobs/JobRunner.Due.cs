using System.Globalization;
using ConnectJobs.Store;

namespace ConnectJobs.Jobs;

/// <summary>The tick's side of a run: a slot claimed from the store (exactly once, see
/// <see cref="IScheduleStore.ClaimDueJobsAsync"/>) is run, or, when it was missed and the job skips
/// missed slots, recorded as Skipped with the reason in its log.</summary>
public sealed partial class JobRunner
{
    public async Task<JobRun> RunDueAsync(DueSlot slot, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        if (!slot.Skip)
        {
            var note = slot.Missed > 0 ? string.Format(CultureInfo.CurrentCulture, Messages.LogMissedCaughtUp, slot.Missed, Local(slot)) : null;
            return await RunAsync(slot.Job, preview: false, progress, cancellationToken, note: note).ConfigureAwait(false);
        }

        var skipped = await StartAsync(slot.Job, TimeSpan.Zero, null, cancellationToken).ConfigureAwait(false);
        await LogAsync(skipped, LogLevel.Warning, Messages.LogMissedSkipped, slot.Missed, Local(slot)).ConfigureAwait(false);
        return await EndAsync(skipped with { Status = RunStatus.Skipped }).ConfigureAwait(false);
    }

    /// <summary>A late-file check the tick claimed: when no run of the job took a file in the day
    /// before <paramref name="expectedBy"/>, a Missed run is recorded and told about as a failure;
    /// otherwise nothing (null).</summary>
    public async Task<JobRun?> CheckLateAsync(ConnectJob job, DateTime expectedBy, CancellationToken cancellationToken)
    {
        var runs = await _store.GetRunsAsync(job.Id, null, expectedBy.AddDays(-1), cancellationToken).ConfigureAwait(false);
        if (runs.Any(r => r.Status is RunStatus.Succeeded or RunStatus.PartiallySucceeded && r.Files.Count > 0 && r.Started <= expectedBy))
        {
            return null;
        }

        var when = TimeZoneInfo.ConvertTimeFromUtc(expectedBy, Schedules.ScheduleRules.FindZone(job.Schedule.TimeZone)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + job.Schedule.TimeZone;
        var missed = await StartAsync(job, TimeSpan.Zero, null, cancellationToken).ConfigureAwait(false);
        var ended = await EndAsync(missed with { Status = RunStatus.Missed, ErrorId = ErrorIds.FileMissed, Error = string.Format(CultureInfo.CurrentCulture, Messages.FileMissed, job.Name, when) }).ConfigureAwait(false);
        return await NotifiedAsync(job, ended).ConfigureAwait(false);
    }

    private static string Local(DueSlot slot) =>
        TimeZoneInfo.ConvertTimeFromUtc(slot.Due, Schedules.ScheduleRules.FindZone(slot.Job.Schedule.TimeZone)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + slot.Job.Schedule.TimeZone;
}
