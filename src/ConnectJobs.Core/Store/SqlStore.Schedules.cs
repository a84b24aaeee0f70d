using System.Text.Json;
using ConnectJobs.Data;
using ConnectJobs.Jobs;
using ConnectJobs.Schedules;
using System.Data.Common;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

/// <summary>Schedules (job.schedule, JSON) and the tick's claims (job.next_run, UTC).</summary>
public abstract partial class SqlStore
{
    /// <summary>How many missed slots a tick counts before it stops counting.</summary>
    private const int MissedCountLimit = 10_000;

    public Task<ConnectJob> SetScheduleAsync(ConnectJob job, JobSchedule schedule, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) =>
            {
                if (schedule.Kind != ScheduleKind.OnDemand && await GroupOfAsync(c, t, job, cancellationToken).ConfigureAwait(false) is { } group)
                {
                    throw ConnectException.Create(ErrorIds.JobInGroup, ErrorKind.InvalidArgument, job.Name, Messages.JobInGroup, job.Name, group);
                }

                var next = schedule.NextAfter(DateTime.UtcNow);
                // Late-file checks start from now: an expected-by time that passed before the schedule existed is not a miss.
                await using (var update = Command(c, t, "UPDATE job SET schedule = $schedule, next_run = $next, late_checked = $now, modified = $now WHERE id = $id;",
                    ("$schedule", schedule.Kind == ScheduleKind.OnDemand ? null : JsonSerializer.Serialize(schedule, SettingsJson)), ("$next", Stamp(next)), ("$now", Now()), ("$id", job.Id)))
                {
                    if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                    {
                        throw StoreErrors.JobNotFound(job.Name);
                    }
                }

                return (await LoadJobsAsync(c, t, "id = $key", cancellationToken, job.Id).ConfigureAwait(false))[0];
            },
            cancellationToken);

    public Task<IReadOnlyList<ConnectJob>> GetDueJobsAsync(DateTime nowUtc, CancellationToken cancellationToken) =>
        ControlHalf.ReadAsync(c => LoadJobsAsync(c, null, "enabled AND next_run <= $key", cancellationToken, Stamp(nowUtc)), cancellationToken);

    public Task<IReadOnlyList<DueSlot>> ClaimDueJobsAsync(DateTime nowUtc, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync<IReadOnlyList<DueSlot>>(
            async (c, t) =>
            {
                var slots = new List<DueSlot>();
                foreach (var job in await LoadJobsAsync(c, t, "enabled AND next_run <= $key", cancellationToken, Stamp(nowUtc)).ConfigureAwait(false))
                {
                    if (await ClaimAsync(c, t, "job", job.Id, job.Schedule, job.NextRun!.Value, nowUtc, cancellationToken).ConfigureAwait(false) is var (missed, skip))
                    {
                        slots.Add(new DueSlot(job, job.NextRun!.Value, missed, skip));
                    }
                }

                return slots;
            },
            cancellationToken);

    public Task<IReadOnlyList<(ConnectJob Job, DateTime ExpectedBy)>> ClaimLateChecksAsync(DateTime nowUtc, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync<IReadOnlyList<(ConnectJob, DateTime)>>(
            async (c, t) =>
            {
                var checks = new List<(ConnectJob, DateTime)>();
                var jobs = await LoadJobsAsync(c, t, "enabled AND kind = 'Import' AND schedule IS NOT NULL", cancellationToken).ConfigureAwait(false);
                foreach (var job in jobs.Where(j => j.Schedule.ExpectedBy is not null))
                {
                    var expectedBy = job.Schedule.LatestExpectedBy(nowUtc)!.Value;
                    var stamp = Stamp(expectedBy);
                    await using var claim = Command(c, t, "UPDATE job SET late_checked = $by WHERE id = $id AND (late_checked IS NULL OR late_checked < $by);", ("$by", stamp), ("$id", job.Id));
                    if (await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                    {
                        checks.Add((job, expectedBy));
                    }
                }

                return checks;
            },
            cancellationToken);

    public Task<bool> HasTickWorkAsync(DateTime nowUtc, CancellationToken cancellationToken) =>
        ControlHalf.ReadAsync(
            async c =>
            {
                var now = Stamp(nowUtc);
                if (await ScalarAsync(c, null, "SELECT EXISTS (SELECT 1 FROM job WHERE enabled AND next_run <= $now) OR EXISTS (SELECT 1 FROM job_group WHERE enabled AND next_run <= $now);", cancellationToken, ("$now", now)).ConfigureAwait(false) == 1)
                {
                    return true;
                }

                await using (var late = Command(c, null, "SELECT schedule, late_checked FROM job WHERE enabled AND kind = 'Import' AND schedule IS NOT NULL;"))
                await using (var reader = await late.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var schedule = ReadSchedule(reader, 0);
                        if (schedule.ExpectedBy is null)
                        {
                            continue;
                        }

                        var by = Stamp(schedule.LatestExpectedBy(nowUtc));
                        if (reader.IsDBNull(1) || string.CompareOrdinal(reader.GetString(1), by) < 0)
                        {
                            return true;
                        }
                    }
                }

                return await HasDeadRunsAsync(c, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<JobGroup> SetGroupScheduleAsync(JobGroup group, JobSchedule schedule, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) =>
            {
                await using (var update = Command(c, t, "UPDATE job_group SET schedule = $schedule, next_run = $next, modified = $now WHERE id = $id;",
                    ("$schedule", schedule.Kind == ScheduleKind.OnDemand ? null : JsonSerializer.Serialize(schedule, SettingsJson)), ("$next", Stamp(schedule.NextAfter(DateTime.UtcNow))), ("$now", Now()), ("$id", group.Id)))
                {
                    if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                    {
                        throw StoreErrors.GroupNotFound(group.Name);
                    }
                }

                return (await LoadGroupsAsync(c, t, "id = $key", cancellationToken, group.Id).ConfigureAwait(false))[0];
            },
            cancellationToken);

    public Task<IReadOnlyList<JobGroup>> GetDueGroupsAsync(DateTime nowUtc, CancellationToken cancellationToken) =>
        ControlHalf.ReadAsync(c => LoadGroupsAsync(c, null, "enabled AND next_run <= $key", cancellationToken, Stamp(nowUtc)), cancellationToken);

    public Task<IReadOnlyList<DueGroup>> ClaimDueGroupsAsync(DateTime nowUtc, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync<IReadOnlyList<DueGroup>>(
            async (c, t) =>
            {
                var slots = new List<DueGroup>();
                foreach (var group in await LoadGroupsAsync(c, t, "enabled AND next_run <= $key", cancellationToken, Stamp(nowUtc)).ConfigureAwait(false))
                {
                    if (await ClaimAsync(c, t, "job_group", group.Id, group.Schedule, group.NextRun!.Value, nowUtc, cancellationToken).ConfigureAwait(false) is var (missed, skip))
                    {
                        slots.Add(new DueGroup(group, group.NextRun!.Value, missed, skip));
                    }
                }

                return slots;
            },
            cancellationToken);

    /// <summary>Claims a due slot of a job or group (in the write lock the caller holds): its next run
    /// moves past now. Counts the slots missed, and whether the schedule skips them; null when the slot
    /// is no longer the job's next run (claimed meanwhile: the update only moves the slot it read, so a
    /// slot is claimed once even by ticks that read it at the same moment).</summary>
    private static async Task<(int Missed, bool Skip)?> ClaimAsync(DbConnection c, DbTransaction t, string table, long id, JobSchedule schedule, DateTime due, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var missed = 0;
        for (var later = schedule.NextAfter(due); later <= nowUtc && missed < MissedCountLimit; later = schedule.NextAfter(later.Value))
        {
            missed++;
        }

        await using (var claim = Command(c, t, $"UPDATE {table} SET next_run = $next WHERE id = $id AND next_run = $due;", ("$next", Stamp(schedule.NextAfter(nowUtc))), ("$id", id), ("$due", Stamp(due))))
        {
            if (await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return null;
            }
        }

        var late = nowUtc - due > DueSlot.Grace;
        return (late ? missed + 1 : missed, late && schedule.MissedRuns == MissedRunPolicy.Skip);
    }

    private protected static string? Stamp(DateTime? utc) => utc is { } value ? ValueConverter.FormatTimestamp(value) : null;

    private static JobSchedule ReadSchedule(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? JobSchedule.OnDemand : JsonSerializer.Deserialize<JobSchedule>(reader.GetString(column), SettingsJson)!;
}
