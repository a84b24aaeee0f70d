using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using ConnectJobs.Data;
using ConnectJobs.Jobs;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

/// <summary>Runs whose runner is gone, so that a killed run never holds its job's lock for ever. On
/// this host the process tells: a run whose process is gone is dead (ProcessDied). A run of another
/// host (a store several runner hosts share) cannot be seen that way: its runner renews the run's
/// lease while it works, and a run whose lease was not renewed within <see cref="RunLease"/> is dead
/// (RunLeaseExpired). A runner that cannot renew stops its run (see <see cref="JobRunner"/>). Group
/// runs have leases too (<see cref="GroupRunner"/> renews them), checked when the group next starts.</summary>
public abstract partial class SqlStore
{
    /// <summary>How long a run of another host stays Running without its lease renewed.</summary>
    public static TimeSpan RunLease { get; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a runner renews its run's lease: four times within <see cref="RunLease"/>.</summary>
    public static TimeSpan LeaseRenewal { get; } = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(2);

    /// <summary>Renews the run's lease; false when the run is no longer Running (another runner
    /// recorded it dead, or it was ended): the runner must stop it.</summary>
    public Task<bool> RenewRunAsync(JobRun run, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) =>
            {
                await using var renew = Command(c, t, "UPDATE run SET renewed = $now WHERE job_id = $job AND run_id = $run AND status = 'Running';", ("$now", Now()), ("$job", run.JobId), ("$run", run.RunId));
                return await renew.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            },
            cancellationToken);

    /// <summary>Renews a group run's lease, as <see cref="RenewRunAsync"/> a job run's.</summary>
    public Task<bool> RenewGroupRunAsync(GroupRun run, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) =>
            {
                await using var renew = Command(c, t, "UPDATE group_run SET renewed = $now WHERE group_id = $group AND run_id = $run AND status = 'Running';", ("$now", Now()), ("$group", run.GroupId), ("$run", run.RunId));
                return await renew.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            },
            cancellationToken);

    /// <summary>Done when the store opens: a dead run is failed, and its job freed. Reads first, so
    /// that the usual case (nothing running here, no lease expired) takes no write lock.</summary>
    private protected async Task FailDeadRunsAsync(CancellationToken cancellationToken)
    {
        var candidates = await ControlHalf.ReadAsync(
            c => ScalarAsync(c, null, "SELECT count(*) FROM run WHERE status = 'Running' AND (host = $host OR coalesce(renewed, started) < $expired);", cancellationToken,
                ("$host", Environment.MachineName), ("$expired", Expired())),
            cancellationToken).ConfigureAwait(false);
        if (candidates > 0)
        {
            await ControlHalf.WriteAsync(async (c, t) => { await FailDeadRunsAsync(c, t, cancellationToken).ConfigureAwait(false); return true; }, cancellationToken).ConfigureAwait(false);
        }
    }

    private protected static async Task FailDeadRunsAsync(DbConnection c, DbTransaction t, CancellationToken cancellationToken)
    {
        foreach (var dead in await DeadRunsAsync(c, t, cancellationToken).ConfigureAwait(false))
        {
            await using var update = Command(c, t, "UPDATE run SET status = 'Failed', ended = $now, error_id = $errorId, error = $error WHERE job_id = $job AND run_id = $run AND status = 'Running';",
                ("$now", Now()), ("$errorId", dead.ErrorId), ("$error", dead.Error), ("$job", dead.Job), ("$run", dead.Run));
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private protected static async Task<bool> HasDeadRunsAsync(DbConnection c, CancellationToken cancellationToken) =>
        (await DeadRunsAsync(c, null, cancellationToken).ConfigureAwait(false)).Count > 0;

    /// <summary>The runs recorded Running whose runner is gone, with what to record.</summary>
    private static async Task<List<(long Job, long Run, string ErrorId, string Error)>> DeadRunsAsync(DbConnection c, DbTransaction? t, CancellationToken cancellationToken)
    {
        var dead = new List<(long, long, string, string)>();
        await using var query = Command(c, t, "SELECT job_id, run_id, host, pid, pid_started, coalesce(renewed, started) FROM run WHERE status = 'Running';");
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Death(reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5)) is { } death)
            {
                dead.Add((reader.GetInt64(0), reader.GetInt64(1), death.ErrorId, death.Error));
            }
        }

        return dead;
    }

    /// <summary>A run as it stands: one still marked Running whose runner is gone is shown as what
    /// maintenance will record, without writing anything.</summary>
    private static JobRun AsSeenNow(JobRun run, string? pidStarted, string renewed) =>
        run is { Status: RunStatus.Running, ProcessId: int pid } && pidStarted is not null && Death(run.Host!, pid, pidStarted, renewed) is { } death
            ? run with { Status = RunStatus.Failed, ErrorId = death.ErrorId, Error = death.Error }
            : run;

    /// <summary>Why a Running run's runner is gone, or null while it may still be working.</summary>
    private protected static (string ErrorId, string Error)? Death(string host, int pid, string pidStarted, string renewed) =>
        host == Environment.MachineName
            ? IsAlive(pid, pidStarted) ? null : (ErrorIds.ProcessDied, string.Format(CultureInfo.CurrentCulture, Messages.ProcessDied, pid, host))
            : string.CompareOrdinal(renewed, Expired()) >= 0 ? null
            : (ErrorIds.RunLeaseExpired, string.Format(CultureInfo.CurrentCulture, Messages.RunLeaseExpired, pid, host, ValueConverter.ParseTimestamp(renewed), RunLease.TotalMinutes, Environment.MachineName));

    private static string Expired() => ValueConverter.FormatTimestamp(DateTime.UtcNow - RunLease);

    private static bool IsAlive(int pid, string started)
    {
        try
        {
            // A process's start time reads a little differently from outside than from inside
            // (Linux derives it from boot time and clock ticks): compare with a tolerance. A pid
            // reused within seconds of the first process's start does not happen in practice.
            using var process = Process.GetProcessById(pid);
            return (process.StartTime.ToUniversalTime() - ValueConverter.ParseTimestamp(started)).Duration() < StartTimeTolerance;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Cannot tell (another user's process): leave the run alone rather than break its lock.
            return true;
        }
    }
}
