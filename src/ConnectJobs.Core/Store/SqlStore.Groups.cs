using System.Text.Json;
using ConnectJobs.Data;
using ConnectJobs.Jobs;
using ConnectJobs.Schedules;
using System.Data.Common;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

/// <summary>Job groups (job_group, group_member: a job is in one group at most) and their runs
/// (group_run, one Running at a time per group).</summary>
public abstract partial class SqlStore
{
    /// <summary>Responsys' limit on a group's name.</summary>
    private const int GroupNameLength = 30;

    public Task<IReadOnlyList<JobGroup>> GetGroupsAsync(CancellationToken cancellationToken) =>
        ControlHalf.ReadAsync(c => LoadGroupsAsync(c, null, "TRUE", cancellationToken), cancellationToken);

    public async Task<JobGroup?> FindGroupAsync(string name, CancellationToken cancellationToken) =>
        (await ControlHalf.ReadAsync(c => LoadGroupsAsync(c, null, "name = $key", cancellationToken, name), cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public Task<JobGroup> CreateGroupAsync(string name, IReadOnlyList<string> jobs, bool enabled, string? description, CancellationToken cancellationToken)
    {
        name = GroupName(name);
        CheckMemberCount(name, jobs);
        return ControlHalf.WriteAsync(
            async (c, t) =>
            {
                await EnsureGroupNameFreeAsync(c, t, name, null, cancellationToken).ConfigureAwait(false);
                var now = Now();
                var id = await ScalarAsync(c, t, "INSERT INTO job_group (name, enabled, description, created, modified) VALUES ($name, $enabled, $description, $now, $now) RETURNING id;",
                    cancellationToken, ("$name", name), ("$enabled", enabled), ("$description", description), ("$now", now)).ConfigureAwait(false);
                await AddMembersAsync(c, t, id, jobs, cancellationToken).ConfigureAwait(false);
                return (await LoadGroupsAsync(c, t, "id = $key", cancellationToken, id).ConfigureAwait(false))[0];
            },
            cancellationToken);
    }

    /// <summary>Renames a group, changes its description, or gives it new members (in a new order); null keeps a value.</summary>
    public Task<JobGroup> UpdateGroupAsync(JobGroup group, string? newName, IReadOnlyList<string>? jobs, string? description, CancellationToken cancellationToken)
    {
        var name = newName is null ? group.Name : GroupName(newName);
        if (jobs is not null)
        {
            CheckMemberCount(name, jobs);
        }

        return ControlHalf.WriteAsync(
            async (c, t) =>
            {
                await EnsureGroupNameFreeAsync(c, t, name, group.Id, cancellationToken).ConfigureAwait(false);
                await using (var update = Command(c, t, "UPDATE job_group SET name = $name, description = coalesce($description, description), modified = $now WHERE id = $id;",
                    ("$name", name), ("$description", description), ("$now", Now()), ("$id", group.Id)))
                {
                    if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                    {
                        throw StoreErrors.GroupNotFound(group.Name);
                    }
                }

                if (jobs is not null)
                {
                    await using (var clear = Command(c, t, "DELETE FROM group_member WHERE group_id = $id;", ("$id", group.Id)))
                    {
                        await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await AddMembersAsync(c, t, group.Id, jobs, cancellationToken).ConfigureAwait(false);
                }

                return (await LoadGroupsAsync(c, t, "id = $key", cancellationToken, group.Id).ConfigureAwait(false))[0];
            },
            cancellationToken);
    }

    public Task<JobGroup> SetGroupSettingsAsync(JobGroup group, bool enabled, GroupSettings settings, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) =>
            {
                var restart = enabled && !group.Enabled ? Stamp(group.Schedule.NextAfter(DateTime.UtcNow)) : null;
                await using (var update = Command(c, t, "UPDATE job_group SET enabled = $enabled, settings = $settings, next_run = coalesce($next, next_run), modified = $now WHERE id = $id;",
                    ("$enabled", enabled), ("$settings", JsonSerializer.Serialize(settings, SettingsJson)), ("$next", restart), ("$now", Now()), ("$id", group.Id)))
                {
                    if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                    {
                        throw StoreErrors.GroupNotFound(group.Name);
                    }
                }

                return (await LoadGroupsAsync(c, t, "id = $key", cancellationToken, group.Id).ConfigureAwait(false))[0];
            },
            cancellationToken);

    private static string GroupName(string name)
    {
        name = ColumnRules.NormalizeTargetName(name);
        return name.Length <= GroupNameLength ? name : throw ConnectException.Create(ErrorIds.GroupNameTooLong, ErrorKind.InvalidArgument, name, Messages.GroupNameTooLong, name, GroupNameLength);
    }

    private static void CheckMemberCount(string name, IReadOnlyList<string> jobs)
    {
        if (jobs.Distinct(StringComparer.OrdinalIgnoreCase).Count() < 2)
        {
            throw ConnectException.Create(ErrorIds.GroupNeedsTwoJobs, ErrorKind.InvalidArgument, name, Messages.GroupNeedsTwoJobs, name);
        }
    }

    private static async Task EnsureGroupNameFreeAsync(DbConnection c, DbTransaction t, string name, long? except, CancellationToken cancellationToken)
    {
        if (await ScalarAsync(c, t, "SELECT count(*) FROM job_group WHERE name = $name AND id IS DISTINCT FROM $except;", cancellationToken, ("$name", name), ("$except", except)).ConfigureAwait(false) > 0)
        {
            throw ConnectException.Create(ErrorIds.GroupExists, ErrorKind.AlreadyExists, name, Messages.GroupExists, name);
        }
    }

    /// <summary>The members in order, each checked by the Responsys rules.</summary>
    private static async Task AddMembersAsync(DbConnection c, DbTransaction t, long groupId, IReadOnlyList<string> jobs, CancellationToken cancellationToken)
    {
        var position = 0;
        foreach (var jobName in jobs)
        {
            var job = (await LoadJobsAsync(c, t, "name = $key", cancellationToken, jobName).ConfigureAwait(false)).FirstOrDefault() ?? throw StoreErrors.JobNotFound(jobName);
            await CheckGroupableAsync(c, t, job, cancellationToken).ConfigureAwait(false);
            await using var member = Command(c, t, "INSERT INTO group_member (group_id, job_id, position) VALUES ($group, $job, $position);", ("$group", groupId), ("$job", job.Id), ("$position", ++position));
            await member.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task RemoveGroupAsync(JobGroup group, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) =>
            {
                await using var delete = Command(c, t, "DELETE FROM job_group WHERE id = $id;", ("$id", group.Id));
                return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<GroupRun> StartGroupRunAsync(JobGroup group, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) =>
            {
                var (host, pid, pidStarted) = ThisProcess.Value;
                (long Run, string Host, int Pid, string PidStarted, string Renewed)? current = null;
                await using (var running = Command(c, t, "SELECT run_id, host, pid, pid_started, coalesce(renewed, started) FROM group_run WHERE group_id = $id AND status = 'Running';", ("$id", group.Id)))
                await using (var reader = await running.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        current = (reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4));
                    }
                }

                if (current is { } other)
                {
                    if (Death(other.Host, other.Pid, other.PidStarted, other.Renewed) is null)
                    {
                        throw ConnectException.Create(ErrorIds.GroupAlreadyRunning, ErrorKind.ResourceUnavailable, group.Name, Messages.GroupAlreadyRunning, group.Name, other.Run, (long)other.Pid, other.Host);
                    }

                    // Its runner is gone (its process died, or its lease ran out on another host): the run is over.
                    await using var dead = Command(c, t, "UPDATE group_run SET status = 'Failed', ended = $now WHERE group_id = $id AND run_id = $run;", ("$now", Now()), ("$id", group.Id), ("$run", other.Run));
                    await dead.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var runId = await ScalarAsync(c, t, "SELECT coalesce(max(run_id), 0) + 1 FROM group_run WHERE group_id = $id;", cancellationToken, ("$id", group.Id)).ConfigureAwait(false);
                var started = Now();
                await using (var insert = Command(c, t, "INSERT INTO group_run (group_id, run_id, status, started, host, pid, pid_started, renewed) VALUES ($group, $run, 'Running', $started, $host, $pid, $pidStarted, $started);",
                    ("$group", group.Id), ("$run", runId), ("$started", started), ("$host", host), ("$pid", pid), ("$pidStarted", pidStarted)))
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return new GroupRun { GroupId = group.Id, RunId = runId, Group = group.Name, Status = RunStatus.Running, Started = ValueConverter.ParseTimestamp(started) };
            },
            cancellationToken);

    public Task<GroupRun> FinishGroupRunAsync(GroupRun run, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) =>
            {
                var ended = Now();
                await using var update = Command(c, t, "UPDATE group_run SET status = $status, ended = $ended, members = $members WHERE group_id = $group AND run_id = $run;",
                    ("$status", run.Status.ToString()), ("$ended", ended), ("$members", JsonSerializer.Serialize(run.Runs.Select(r => r.FullId).Concat(run.NotRun.Select(n => "-" + n)))), ("$group", run.GroupId), ("$run", run.RunId));
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return run with { Ended = ValueConverter.ParseTimestamp(ended) };
            },
            cancellationToken);

    /// <summary>Only enabled import jobs run on demand, in no other group, can be members (Responsys' rules).</summary>
    private static async Task CheckGroupableAsync(DbConnection c, DbTransaction t, ConnectJob job, CancellationToken cancellationToken)
    {
        if (job.Kind != JobKind.Import || !job.Enabled || job.Schedule.Type != ScheduleType.OnDemand)
        {
            throw ConnectException.Create(ErrorIds.JobNotGroupable, ErrorKind.InvalidArgument, job.Name, Messages.JobNotGroupable, job.Name,
                job.Kind != JobKind.Import ? Messages.GroupReasonKind : !job.Enabled ? Messages.GroupReasonDisabled : Messages.GroupReasonScheduled);
        }

        if (await GroupOfAsync(c, t, job, cancellationToken).ConfigureAwait(false) is { } other)
        {
            throw ConnectException.Create(ErrorIds.JobInOtherGroup, ErrorKind.InvalidArgument, job.Name, Messages.JobInOtherGroup, job.Name, other);
        }
    }

    /// <summary>The name of the group the job is in, or null.</summary>
    private static async Task<string?> GroupOfAsync(DbConnection c, DbTransaction t, ConnectJob job, CancellationToken cancellationToken)
    {
        await using var query = Command(c, t, "SELECT g.name FROM group_member AS m JOIN job_group AS g ON g.id = m.group_id WHERE m.job_id = $job;", ("$job", job.Id));
        return await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private static async Task<IReadOnlyList<JobGroup>> LoadGroupsAsync(DbConnection c, DbTransaction? t, string condition, CancellationToken cancellationToken, object? key = null)
    {
        await using var query = Command(c, t,
            $"SELECT g.id, g.name, g.enabled, g.description, g.created, g.modified, g.schedule, g.next_run, EXISTS (SELECT 1 FROM group_run AS r WHERE r.group_id = g.id AND r.status = 'Running'), g.settings, (SELECT started FROM group_run AS r WHERE r.group_id = g.id ORDER BY r.run_id DESC LIMIT 1) FROM job_group AS g WHERE {condition} ORDER BY g.id;",
            ("$key", key));
        var members = await LoadMembersAsync(c, t, cancellationToken).ConfigureAwait(false);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var groups = new List<JobGroup>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            groups.Add(new JobGroup(reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                members[reader.GetInt64(0)].ToArray(), ValueConverter.ParseTimestamp(reader.GetString(4)), ValueConverter.ParseTimestamp(reader.GetString(5)))
            {
                Schedule = ReadSchedule(reader, 6),
                NextRun = reader.IsDBNull(7) ? null : ValueConverter.ParseTimestamp(reader.GetString(7)),
                Running = reader.GetBoolean(8),
                PreviousRun = reader.IsDBNull(10) ? null : ValueConverter.ParseTimestamp(reader.GetString(10)),
                Settings = reader.IsDBNull(9) ? new GroupSettings() : JsonSerializer.Deserialize<GroupSettings>(reader.GetString(9), SettingsJson)!,
            });
        }

        return groups;
    }

    /// <summary>Every group's members, by group id, in their order (the groups are few; a JSON
    /// aggregate would be spelt differently by each provider).</summary>
    private static async Task<ILookup<long, string>> LoadMembersAsync(DbConnection c, DbTransaction? t, CancellationToken cancellationToken)
    {
        await using var query = Command(c, t, "SELECT m.group_id, j.name FROM group_member AS m JOIN job AS j ON j.id = m.job_id ORDER BY m.group_id, m.position;");
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var members = new List<(long Group, string Job)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            members.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return members.ToLookup(m => m.Group, m => m.Job);
    }
}
