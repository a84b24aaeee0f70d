using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectJobs.Data;
using ConnectJobs.Jobs;
using System.Data.Common;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

public abstract partial class SqlStore
{
    private static readonly JsonSerializerOptions SettingsJson = new() { Converters = { new JsonStringEnumConverter() }, WriteIndented = false };

    private static readonly Lazy<(string Host, int Pid, string Started)> ThisProcess = new(() =>
    {
        using var process = Process.GetCurrentProcess();
        return (Environment.MachineName, process.Id, ValueConverter.FormatTimestamp(process.StartTime.ToUniversalTime()));
    });

    public Task<IReadOnlyList<ConnectJob>> GetJobsAsync(CancellationToken cancellationToken) =>
        ControlHalf.ReadAsync(c => LoadJobsAsync(c, null, "TRUE", cancellationToken), cancellationToken);

    public async Task<ConnectJob?> FindJobAsync(string name, CancellationToken cancellationToken) =>
        (await ControlHalf.ReadAsync(c => LoadJobsAsync(c, null, "name = $key", cancellationToken, name), cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<ConnectJob?> FindJobAsync(long id, CancellationToken cancellationToken) =>
        (await ControlHalf.ReadAsync(c => LoadJobsAsync(c, null, "id = $key", cancellationToken, id), cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public Task<ConnectJob> CreateJobAsync(string name, bool enabled, string? description, JobSettings settings, CancellationToken cancellationToken)
    {
        name = ColumnRules.NormalizeTargetName(name);
        return ControlHalf.WriteAsync(
            async (c, t) =>
            {
                await EnsureJobNameFreeAsync(c, t, name, null, cancellationToken).ConfigureAwait(false);
                await CheckFeedTypesAsync(c, t, name, settings, enabled, null, cancellationToken).ConfigureAwait(false);
                var now = Now();
                await using (var insert = Command(c, t, "INSERT INTO job (name, kind, enabled, description, settings, created, modified) VALUES ($name, $kind, $enabled, $description, $settings, $now, $now);",
                    ("$name", name), ("$kind", KindOf(settings).ToString()), ("$enabled", enabled), ("$description", description), ("$settings", Serialize(settings)), ("$now", now)))
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return (await LoadJobsAsync(c, t, "name = $key", cancellationToken, name).ConfigureAwait(false))[0];
            },
            cancellationToken);
    }

    /// <summary>Changes a job; null leaves a value as it is.</summary>
    public Task<ConnectJob> UpdateJobAsync(ConnectJob job, string? newName, bool? enabled, string? description, JobSettings? settings, CancellationToken cancellationToken)
    {
        if (settings is not null && KindOf(settings) != job.Kind)
        {
            throw new ArgumentException("A job's kind cannot change.", nameof(settings));
        }

        var name = newName is null ? job.Name : ColumnRules.NormalizeTargetName(newName);
        return ControlHalf.WriteAsync(
            async (c, t) =>
            {
                await EnsureJobNameFreeAsync(c, t, name, job.Id, cancellationToken).ConfigureAwait(false);
                await CheckFeedTypesAsync(c, t, name, settings ?? job.Settings, enabled ?? job.Enabled, job.Id, cancellationToken).ConfigureAwait(false);
                await using (var update = Command(c, t, "UPDATE job SET name = $name, enabled = coalesce($enabled, enabled), description = coalesce($description, description), settings = coalesce($settings, settings), modified = $now WHERE id = $id;",
                    ("$name", name), ("$enabled", enabled), ("$description", description), ("$settings", settings is null ? null : Serialize(settings)), ("$now", Now()), ("$id", job.Id)))
                {
                    if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                    {
                        throw StoreErrors.JobNotFound(job.Name);
                    }
                }

                var changed = (await LoadJobsAsync(c, t, "id = $key", cancellationToken, job.Id).ConfigureAwait(false))[0];
                if (enabled == true && !job.Enabled)
                {
                    // Activation starts the schedule from now: slots that passed while the job was off are not missed runs.
                    await using var next = Command(c, t, "UPDATE job SET next_run = $next WHERE id = $id;", ("$next", Stamp(changed.Schedule.NextAfter(DateTime.UtcNow))), ("$id", job.Id));
                    await next.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    changed = (await LoadJobsAsync(c, t, "id = $key", cancellationToken, job.Id).ConfigureAwait(false))[0];
                }

                return changed;
            },
            cancellationToken);
    }

    /// <summary>Copies an inactive job under a new name; the copy is inactive too.</summary>
    /// <remarks>Event feeds are not copied (the Responsys rule: a type has one feed).</remarks>
    public Task<ConnectJob> CopyJobAsync(ConnectJob job, string newName, CancellationToken cancellationToken) =>
        job.Kind == JobKind.EventFeed ? throw ConnectException.Create(ErrorIds.FeedNotCopied, ErrorKind.InvalidOperation, job.Name, Messages.FeedNotCopied, job.Name)
        : job.Enabled ? throw ConnectException.Create(ErrorIds.CopyNeedsInactiveJob, ErrorKind.InvalidOperation, job.Name, Messages.CopyNeedsInactiveJob, job.Name)
        : CreateJobAsync(newName, enabled: false, job.Description, job.Settings, cancellationToken);

    /// <summary>Removes a job with its run history; a running job is refused.</summary>
    public Task RemoveJobAsync(ConnectJob job, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) =>
            {
                var running = await ScalarAsync(c, t, "SELECT coalesce(max(run_id), 0) FROM run WHERE job_id = $id AND status = 'Running';", cancellationToken, ("$id", job.Id)).ConfigureAwait(false);
                if (running > 0)
                {
                    throw ConnectException.Create(ErrorIds.JobIsRunning, ErrorKind.InvalidOperation, job.Name, Messages.JobIsRunning, job.Name, running);
                }

                await using var delete = Command(c, t, "DELETE FROM job WHERE id = $id;", ("$id", job.Id));
                return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>Records the start of a run and takes the job's run lock: while it is Running, no
    /// other process can start the job. A run left Running by a process that died is failed first.</summary>
    public Task<JobRun> StartRunAsync(ConnectJob job, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) =>
            {
                await FailDeadRunsAsync(c, t, cancellationToken).ConfigureAwait(false);
                var (host, pid, pidStarted) = ThisProcess.Value;
                await using (var running = Command(c, t, "SELECT run_id, started, pid, host FROM run WHERE job_id = $id AND status = 'Running';", ("$id", job.Id)))
                await using (var reader = await running.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        throw ConnectException.Create(ErrorIds.JobAlreadyRunning, ErrorKind.ResourceUnavailable, job.Name, Messages.JobAlreadyRunning,
                            job.Name, reader.GetInt64(0), ValueConverter.ParseTimestamp(reader.GetString(1)), reader.GetInt64(2), reader.GetString(3));
                    }
                }

                var runId = await ScalarAsync(c, t, "SELECT coalesce(max(run_id), 0) + 1 FROM run WHERE job_id = $id;", cancellationToken, ("$id", job.Id)).ConfigureAwait(false);
                var started = Now();
                await using (var insert = Command(c, t, "INSERT INTO run (job_id, run_id, status, started, host, pid, pid_started, renewed) VALUES ($job, $run, 'Running', $started, $host, $pid, $pidStarted, $started);",
                    ("$job", job.Id), ("$run", runId), ("$started", started), ("$host", host), ("$pid", pid), ("$pidStarted", pidStarted)))
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return new JobRun { JobId = job.Id, RunId = runId, Job = job.Name, Status = RunStatus.Running, Started = ValueConverter.ParseTimestamp(started), Host = host, ProcessId = pid };
            },
            cancellationToken);

    /// <summary>Records how a run ended, which releases the job's run lock.</summary>
    public Task<JobRun> FinishRunAsync(JobRun run, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) =>
            {
                var ended = Now();
                await using var update = Command(c, t,
                    "UPDATE run SET status = $status, ended = $ended, files = $files, rows_read = $read, inserted = $inserted, updated = $updated, unchanged = $unchanged, skipped = $skipped, rejected = $rejected, reject_file = $rejectFile, error_id = $errorId, error = $error, rows_written = $written, bytes = $bytes, removed = $removed, watermark = $watermark, file_results = $fileResults, load_stamps = $loadStamps WHERE job_id = $job AND run_id = $run;",
                    ("$written", run.RowsWritten), ("$bytes", run.Bytes), ("$removed", run.Removed), ("$watermark", run.Watermark), ("$status", run.Status.ToString()), ("$ended", ended), ("$files", JsonSerializer.Serialize(run.Files)), ("$fileResults", JsonSerializer.Serialize(run.FileResults, SettingsJson)), ("$loadStamps", run.LoadStamps.Count == 0 ? null : JsonSerializer.Serialize(run.LoadStamps)), ("$read", run.RowsRead), ("$inserted", run.Inserted), ("$updated", run.Updated),
                    ("$unchanged", run.Unchanged), ("$skipped", run.Skipped), ("$rejected", run.Rejected), ("$rejectFile", run.RejectFile), ("$errorId", run.ErrorId), ("$error", run.Error), ("$job", run.JobId), ("$run", run.RunId));
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return run with { Ended = ValueConverter.ParseTimestamp(ended) };
            },
            cancellationToken);

    public Task AppendLogAsync(JobRun run, LogLevel level, string message, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) =>
            {
                await using var insert = Command(c, t, "INSERT INTO run_log (job_id, run_id, seq, time, level, message) SELECT $job, $run, coalesce(max(seq), 0) + 1, $time, $level, $message FROM run_log WHERE job_id = $job AND run_id = $run;",
                    ("$job", run.JobId), ("$run", run.RunId), ("$time", Now()), ("$level", level.ToString()), ("$message", message));
                return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>Runs, newest first: of one job or all, optionally of one status or since a time.</summary>
    public Task<IReadOnlyList<JobRun>> GetRunsAsync(long? jobId, RunStatus? status, DateTime? since, CancellationToken cancellationToken) =>
        ControlHalf.ReadAsync<IReadOnlyList<JobRun>>(
            async c =>
            {
                await using var query = Command(c, null,
                    "SELECT r.job_id, r.run_id, j.name, r.status, r.started, r.ended, r.files, r.rows_read, r.inserted, r.updated, r.unchanged, r.skipped, r.rejected, r.reject_file, r.error_id, r.error, r.host, r.pid, r.rows_written, r.bytes, r.watermark, r.removed, r.file_results, r.load_stamps, r.pid_started, coalesce(r.renewed, r.started) " +
                    "FROM run r JOIN job j ON j.id = r.job_id WHERE (r.job_id = $job OR $job IS NULL) AND (r.started >= $since OR $since IS NULL) ORDER BY r.started DESC, r.job_id, r.run_id DESC;",
                    ("$job", jobId), ("$since", since is null ? null : ValueConverter.FormatTimestamp(since.Value)));
                await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var runs = new List<JobRun>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    runs.Add(AsSeenNow(new JobRun
                    {
                        JobId = reader.GetInt64(0),
                        RunId = reader.GetInt64(1),
                        Job = reader.GetString(2),
                        Status = Enum.Parse<RunStatus>(reader.GetString(3)),
                        Started = ValueConverter.ParseTimestamp(reader.GetString(4)),
                        Ended = reader.IsDBNull(5) ? null : ValueConverter.ParseTimestamp(reader.GetString(5)),
                        Files = JsonSerializer.Deserialize<string[]>(reader.GetString(6)) ?? [],
                        Counts = new Import.RowCounts(reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12), reader.GetInt64(21)),
                        RejectFile = reader.IsDBNull(13) ? null : reader.GetString(13),
                        ErrorId = reader.IsDBNull(14) ? null : reader.GetString(14),
                        Error = reader.IsDBNull(15) ? null : reader.GetString(15),
                        Host = reader.GetString(16),
                        ProcessId = reader.GetInt32(17),
                        RowsWritten = reader.GetInt64(18),
                        Bytes = reader.GetInt64(19),
                        Watermark = reader.IsDBNull(20) ? null : reader.GetString(20),
                        FileResults = reader.IsDBNull(22) ? [] : JsonSerializer.Deserialize<RunFile[]>(reader.GetString(22), SettingsJson) ?? [],
                        LoadStamps = reader.IsDBNull(23) ? [] : JsonSerializer.Deserialize<string[]>(reader.GetString(23)) ?? [],
                    }, reader.IsDBNull(24) ? null : reader.GetString(24), reader.GetString(25)));
                }

                // The status a run has now (a dead one is Failed), not the one last written, is what filters.
                return runs.Where(r => status is null || r.Status == status).ToList();
            },
            cancellationToken);

    /// <summary>The merge stamps of the job's latest successful run that loaded anything, or null when it has none.</summary>
    public Task<IReadOnlyList<string>?> GetLatestLoadAsync(long jobId, CancellationToken cancellationToken) =>
        ControlHalf.ReadAsync<IReadOnlyList<string>?>(
            async c =>
            {
                await using var query = Command(c, null, "SELECT load_stamps FROM run WHERE job_id = $job AND status IN ('Succeeded', 'PartiallySucceeded') AND load_stamps IS NOT NULL ORDER BY run_id DESC LIMIT 1;", ("$job", jobId));
                return await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string stamps ? JsonSerializer.Deserialize<string[]>(stamps) : null;
            },
            cancellationToken);

    /// <summary>The watermark of the job's last successful run that recorded one, or null.</summary>
    public async Task<string?> GetWatermarkAsync(long jobId, CancellationToken cancellationToken) =>
        await ControlHalf.ReadAsync(
            async c =>
            {
                await using var query = Command(c, null, "SELECT watermark FROM run WHERE job_id = $job AND status IN ('Succeeded', 'PartiallySucceeded') AND watermark IS NOT NULL ORDER BY run_id DESC LIMIT 1;", ("$job", jobId));
                return await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
            },
            cancellationToken).ConfigureAwait(false);

    public Task<IReadOnlyList<RunLogEntry>> GetRunLogAsync(long jobId, long runId, CancellationToken cancellationToken) =>
        ControlHalf.ReadAsync<IReadOnlyList<RunLogEntry>>(
            async c =>
            {
                await using var query = Command(c, null, "SELECT seq, time, level, message FROM run_log WHERE job_id = $job AND run_id = $run ORDER BY seq;", ("$job", jobId), ("$run", runId));
                await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var entries = new List<RunLogEntry>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    entries.Add(new RunLogEntry(jobId, runId, reader.GetInt32(0), ValueConverter.ParseTimestamp(reader.GetString(1)), Enum.Parse<LogLevel>(reader.GetString(2)), reader.GetString(3)));
                }

                return entries;
            },
            cancellationToken);

    private static JobKind KindOf(JobSettings settings) => settings switch
    {
        ExportJobSettings { Feed: not null } => JobKind.EventFeed,
        ExportJobSettings => JobKind.Export,
        _ => JobKind.Import,
    };

    /// <summary>An event type is exported by one active feed at most (the Responsys rule): a second
    /// one, made or turned on, is refused naming the job that holds the type.</summary>
    private static async Task CheckFeedTypesAsync(DbConnection c, DbTransaction t, string name, JobSettings settings, bool enabled, long? except, CancellationToken cancellationToken)
    {
        if (!enabled || settings is not ExportJobSettings { Feed: { } feed })
        {
            return;
        }

        foreach (var other in await LoadJobsAsync(c, t, "kind = 'EventFeed' AND enabled AND id IS DISTINCT FROM $key", cancellationToken, except).ConfigureAwait(false))
        {
            if (((ExportJobSettings)other.Settings).Feed!.EventTypes.Intersect(feed.EventTypes, StringComparer.OrdinalIgnoreCase).FirstOrDefault() is { } taken)
            {
                throw ConnectException.Create(ErrorIds.FeedTypeTaken, ErrorKind.InvalidOperation, name, Messages.FeedTypeTaken, name, taken, other.Name);
            }
        }
    }

    private static string Serialize(JobSettings settings) => JsonSerializer.Serialize(settings, settings.GetType(), SettingsJson);

    private static async Task EnsureJobNameFreeAsync(DbConnection c, DbTransaction t, string name, long? except, CancellationToken cancellationToken)
    {
        if (await ScalarAsync(c, t, "SELECT count(*) FROM job WHERE name = $name AND id IS DISTINCT FROM $except;", cancellationToken, ("$name", name), ("$except", except)).ConfigureAwait(false) > 0)
        {
            throw ConnectException.Create(ErrorIds.JobExists, ErrorKind.AlreadyExists, name, Messages.JobExists, name);
        }
    }

    private static async Task<IReadOnlyList<ConnectJob>> LoadJobsAsync(DbConnection c, DbTransaction? t, string condition, CancellationToken cancellationToken, object? key = null)
    {
        // The latest run is the one with the highest run id (the primary key finds it); a running one
        // is found through the one-at-a-time index.
        await using var query = Command(c, t, $"SELECT id, name, kind, enabled, description, settings, created, modified, schedule, next_run, (SELECT started FROM run WHERE run.job_id = job.id ORDER BY run_id DESC LIMIT 1), EXISTS (SELECT 1 FROM run WHERE run.job_id = job.id AND status = 'Running'), (SELECT g.name FROM group_member AS m JOIN job_group AS g ON g.id = m.group_id WHERE m.job_id = job.id) FROM job WHERE {condition} ORDER BY id;", ("$key", key));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var jobs = new List<ConnectJob>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var kind = Enum.Parse<JobKind>(reader.GetString(2));
            var settings = (JobSettings)JsonSerializer.Deserialize(reader.GetString(5), kind == JobKind.Import ? typeof(ImportJobSettings) : typeof(ExportJobSettings), SettingsJson)!;
            jobs.Add(new ConnectJob(reader.GetInt64(0), reader.GetString(1), kind, reader.GetBoolean(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                settings, ValueConverter.ParseTimestamp(reader.GetString(6)), ValueConverter.ParseTimestamp(reader.GetString(7)))
            {
                Schedule = ReadSchedule(reader, 8),
                NextRun = reader.IsDBNull(9) ? null : ValueConverter.ParseTimestamp(reader.GetString(9)),
                PreviousRun = reader.IsDBNull(10) ? null : ValueConverter.ParseTimestamp(reader.GetString(10)),
                Running = reader.GetBoolean(11),
                Group = reader.IsDBNull(12) ? null : reader.GetString(12),
            });
        }

        return jobs;
    }
}
