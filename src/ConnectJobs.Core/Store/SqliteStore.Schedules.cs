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
                if (schedule.Kind != ScheduleKind.OnDemand)
                {
                    await using var query = Command(c, t, "SELECT g.name FROM group_member AS m JOIN job_group AS g ON g.id = m.group_id WHERE m.job_id = $job;", ("$job", job.Id));
                    if (await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string group)
                    {
                        throw ConnectException.Create(ErrorIds.JobInGroup, ErrorKind.InvalidArgument, job.Name, Messages.JobInGroup, job.Name, group);
                    }
                }

                var next = schedule.NextAfter(DateTime.UtcNow);
                await using (var update = Command(c, t, "UPDATE job SET schedule = $schedule, next_run = $next, modified = $now WHERE id = $id;",
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
                    var due = job.NextRun!.Value;
                    var missed = 0;
                    for (var later = job.Schedule.NextAfter(due); later <= nowUtc && missed < MissedCountLimit; later = job.Schedule.NextAfter(later.Value))
                    {
                        missed++;
                    }

                    var late = nowUtc - due > DueSlot.Grace;
                    await using (var claim = Command(c, t, "UPDATE job SET next_run = $next WHERE id = $id;", ("$next", Stamp(job.Schedule.NextAfter(nowUtc))), ("$id", job.Id)))
                    {
                        await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    slots.Add(new DueSlot(job, due, late ? missed + 1 : missed, Skip: late && job.Schedule.MissedRuns == MissedRunPolicy.Skip));
                }

                return slots;
            },
            cancellationToken);

    private static string? Stamp(DateTime? utc) => utc is { } value ? ValueConverter.FormatTimestamp(value) : null;

    private static JobSchedule ReadSchedule(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? JobSchedule.OnDemand : JsonSerializer.Deserialize<JobSchedule>(reader.GetString(column), SettingsJson)!;
}
