namespace ConnectJobs.Store;

/// <summary>Job definitions, their runs (the run lock, statuses, logs) and their secrets.</summary>
public interface IJobStore
{
    Task<IReadOnlyList<Jobs.ConnectJob>> GetJobsAsync(CancellationToken cancellationToken);

    Task<Jobs.ConnectJob?> FindJobAsync(string name, CancellationToken cancellationToken);

    Task<Jobs.ConnectJob?> FindJobAsync(long id, CancellationToken cancellationToken);

    Task<Jobs.ConnectJob> CreateJobAsync(string name, bool enabled, string? description, Jobs.JobSettings settings, CancellationToken cancellationToken);

    /// <summary>Changes a job; null leaves a value as it is.</summary>
    Task<Jobs.ConnectJob> UpdateJobAsync(Jobs.ConnectJob job, string? newName, bool? enabled, string? description, Jobs.JobSettings? settings, CancellationToken cancellationToken);

    Task<Jobs.ConnectJob> CopyJobAsync(Jobs.ConnectJob job, string newName, CancellationToken cancellationToken);

    Task RemoveJobAsync(Jobs.ConnectJob job, CancellationToken cancellationToken);

    /// <summary>Records a run's start and takes the job's run lock, across processes (and hosts).</summary>
    Task<Jobs.JobRun> StartRunAsync(Jobs.ConnectJob job, CancellationToken cancellationToken);

    /// <summary>Records how a run ended, which releases the job's run lock.</summary>
    Task<Jobs.JobRun> FinishRunAsync(Jobs.JobRun run, CancellationToken cancellationToken);

    /// <summary>Renews the run's lease (see <see cref="SqlStore.RunLease"/>); false when the run is no
    /// longer Running, which its runner takes as the order to stop.</summary>
    Task<bool> RenewRunAsync(Jobs.JobRun run, CancellationToken cancellationToken);

    /// <summary>Asks the process running the job's run to stop it; false when no run is in progress.</summary>
    Task<bool> RequestStopAsync(Jobs.ConnectJob job, CancellationToken cancellationToken);

    /// <summary>Whether Stop-ConnectJob asked for this run to stop.</summary>
    Task<bool> IsStopRequestedAsync(Jobs.JobRun run, CancellationToken cancellationToken);

    Task AppendLogAsync(Jobs.JobRun run, Jobs.LogLevel level, string message, CancellationToken cancellationToken);

    Task<IReadOnlyList<Jobs.JobRun>> GetRunsAsync(long? jobId, Jobs.RunStatus? status, DateTime? since, CancellationToken cancellationToken);

    /// <summary>Where the job's last successful incremental export got to, or null.</summary>
    Task<string?> GetWatermarkAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>The merge stamps of the job's latest successful run that loaded anything, or null.</summary>
    Task<IReadOnlyList<string>?> GetLatestLoadAsync(long jobId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Jobs.RunLogEntry>> GetRunLogAsync(long jobId, long runId, CancellationToken cancellationToken);

    /// <summary>Keeps the job's secret (an import job's decryption key passphrase) encrypted; null removes it.</summary>
    Task SetJobSecretAsync(Jobs.ConnectJob job, string? secret, CancellationToken cancellationToken);

    Task<string?> GetJobSecretAsync(Jobs.ConnectJob job, CancellationToken cancellationToken);
}
