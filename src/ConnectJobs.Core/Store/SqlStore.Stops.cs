using System.Data.Common;
using ConnectJobs.Jobs;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

/// <summary>Stop requests (run.stop_requested): one process asks, the process running the run
/// notices (<see cref="JobRunner"/> looks every few seconds) and stops it as Ctrl+C would.</summary>
public abstract partial class SqlStore
{
    public Task<bool> RequestStopAsync(ConnectJob job, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) => await ScalarAsync(c, t, "UPDATE run SET stop_requested = coalesce(stop_requested, $now) WHERE job_id = $id AND status = 'Running' RETURNING 1;", cancellationToken, ("$now", Now()), ("$id", job.Id)).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task<bool> IsStopRequestedAsync(JobRun run, CancellationToken cancellationToken) =>
        ControlHalf.ReadAsync(
            async c => await ScalarAsync(c, null, "SELECT count(*) FROM run WHERE job_id = $job AND run_id = $run AND stop_requested IS NOT NULL;", cancellationToken, ("$job", run.JobId), ("$run", run.RunId)).ConfigureAwait(false) > 0,
            cancellationToken);
}
