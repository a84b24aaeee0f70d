using System.Text.Json;
using ConnectJobs.Data;
using ConnectJobs.Jobs;
using ConnectJobs.Schedules;
using Microsoft.Data.Sqlite;
using static ConnectJobs.Store.SqliteDatabase;

namespace ConnectJobs.Store;

/// <summary>Schedules (job.schedule, JSON) and the tick's claims (job.next_run, UTC).</summary>
public sealed partial class SqliteStore
{
    /// <summary>How many missed slots a tick counts before it stops counting.</summary>
    private const int MissedCountLimit = 10_000;

    public Task<ConnectJob> SetScheduleAsync(ConnectJob job, JobSchedule schedule, CancellationToken cancellationToken) =>
        _control.WriteAsync(
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
        _control.ReadAsync(c => LoadJobsAsync(c, null, "enabled = 1 AND next_run <= $key", cancellationToken, Stamp(nowUtc)), cancellationToken);

    public Task<IReadOnlyList<DueSlot>> ClaimDueJobsAsync(DateTime nowUtc, CancellationToken cancellationToken) =>
        _control.WriteAsync<IReadOnlyList<DueSlot>>(
            async (c, t) =>
            {
                var slots = new List<DueSlot>();
                foreach (var job in await LoadJobsAsync(c, t, "enabled = 1 AND next_run <= $key", cancellationToken, Stamp(nowUtc)).ConfigureAwait(false))
                {
                    var (missed, skip) = await ClaimAsync(c, t, "job", job.Id, job.Schedule, job.NextRun!.Value, nowUtc, cancellationToken).ConfigureAwait(false);
                    slots.Add(new DueSlot(job, job.NextRun!.Value, missed, skip));
                }

                return slots;
            },
            cancellationToken);

    public Task<IReadOnlyList<(ConnectJob Job, DateTime ExpectedBy)>> ClaimLateChecksAsync(DateTime nowUtc, CancellationToken cancellationToken) =>
        _control.WriteAsync<IReadOnlyList<(ConnectJob, DateTime)>>(
            async (c, t) =>
            {
                var checks = new List<(ConnectJob, DateTime)>();
                foreach (var job in await LoadJobsAsync(c, t, "enabled = 1 AND kind = 'Import' AND json_type(schedule, '$.ExpectedBy') = 'text'", cancellationToken).ConfigureAwait(false))
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
        _control.ReadAsync(
            async c =>
            {
                var now = Stamp(nowUtc);
                if (await ScalarAsync(c, null, "SELECT EXISTS (SELECT 1 FROM job WHERE enabled = 1 AND next_run <= $now) OR EXISTS (SELECT 1 FROM job_group WHERE enabled = 1 AND next_run <= $now);", cancellationToken, ("$now", now)).ConfigureAwait(false) == 1)
                {
                    return true;
                }

                await using (var late = Command(c, null, "SELECT schedule, late_checked FROM job WHERE enabled = 1 AND kind = 'Import' AND json_type(schedule, '$.ExpectedBy') = 'text';"))
                await using (var reader = await late.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var by = Stamp(ReadSchedule(reader, 0).LatestExpectedBy(nowUtc));
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
        _control.WriteAsync(
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
        _control.ReadAsync(c => LoadGroupsAsync(c, null, "enabled = 1 AND next_run <= $key", cancellationToken, Stamp(nowUtc)), cancellationToken);

    public Task<IReadOnlyList<DueGroup>> ClaimDueGroupsAsync(DateTime nowUtc, CancellationToken cancellationToken) =>
        _control.WriteAsync<IReadOnlyList<DueGroup>>(
            async (c, t) =>
            {
                var slots = new List<DueGroup>();
                foreach (var group in await LoadGroupsAsync(c, t, "enabled = 1 AND next_run <= $key", cancellationToken, Stamp(nowUtc)).ConfigureAwait(false))
                {
                    var (missed, skip) = await ClaimAsync(c, t, "job_group", group.Id, group.Schedule, group.NextRun!.Value, nowUtc, cancellationToken).ConfigureAwait(false);
                    slots.Add(new DueGroup(group, group.NextRun!.Value, missed, skip));
                }

                return slots;
            },
            cancellationToken);

    /// <summary>Claims a due slot of a job or group (in the write lock the caller holds): its next run
    /// moves past now. Counts the slots missed, and whether the schedule skips them.</summary>
    private static async Task<(int Missed, bool Skip)> ClaimAsync(SqliteConnection c, SqliteTransaction t, string table, long id, JobSchedule schedule, DateTime due, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var missed = 0;
        for (var later = schedule.NextAfter(due); later <= nowUtc && missed < MissedCountLimit; later = schedule.NextAfter(later.Value))
        {
            missed++;
        }

        await using (var claim = Command(c, t, $"UPDATE {table} SET next_run = $next WHERE id = $id;", ("$next", Stamp(schedule.NextAfter(nowUtc))), ("$id", id)))
        {
            await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var late = nowUtc - due > DueSlot.Grace;
        return (late ? missed + 1 : missed, late && schedule.MissedRuns == MissedRunPolicy.Skip);
    }

    private static string? Stamp(DateTime? utc) => utc is { } value ? ValueConverter.FormatTimestamp(value) : null;

    private static JobSchedule ReadSchedule(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? JobSchedule.OnDemand : JsonSerializer.Deserialize<JobSchedule>(reader.GetString(column), SettingsJson)!;
}
