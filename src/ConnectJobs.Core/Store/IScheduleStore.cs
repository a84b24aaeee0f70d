using ConnectJobs.Jobs;
using ConnectJobs.Schedules;

namespace ConnectJobs.Store;

/// <summary>Job schedules and the due-job tick: which jobs are due, and claiming each due slot exactly
/// once however many ticks (processes, hosts) look at the same time.</summary>
public interface IScheduleStore
{
    /// <summary>Keeps the job's schedule and works out its next run from now.</summary>
    Task<ConnectJob> SetScheduleAsync(ConnectJob job, JobSchedule schedule, CancellationToken cancellationToken);

    /// <summary>The enabled jobs whose next run has come (changes nothing).</summary>
    Task<IReadOnlyList<ConnectJob>> GetDueJobsAsync(DateTime nowUtc, CancellationToken cancellationToken);

    /// <summary>Claims the due slots, in the store's write lock: each job's next run moves past
    /// <paramref name="nowUtc"/>, so another tick finds nothing to claim. A slot that is late by more
    /// than <see cref="DueSlot.Grace"/> was missed: the job's policy says whether it runs once now
    /// (for all of them) or is skipped.</summary>
    Task<IReadOnlyList<DueSlot>> ClaimDueJobsAsync(DateTime nowUtc, CancellationToken cancellationToken);

    /// <summary>Claims the late-file checks that have come: enabled import jobs whose schedule's
    /// expected-by time has passed since they were last checked, each once per day (in the write lock).</summary>
    Task<IReadOnlyList<(ConnectJob Job, DateTime ExpectedBy)>> ClaimLateChecksAsync(DateTime nowUtc, CancellationToken cancellationToken);

    /// <summary>Whether a tick now has anything to do (changes nothing): a due job or group, a
    /// late-file check that has come, or a run of this host whose process died and is not yet
    /// recorded. What lets <c>connectjobs-run -Tick</c> end at once, without starting PowerShell.</summary>
    Task<bool> HasTickWorkAsync(DateTime nowUtc, CancellationToken cancellationToken);

    /// <summary>Keeps the group's schedule and works out its next run from now.</summary>
    Task<JobGroup> SetGroupScheduleAsync(JobGroup group, JobSchedule schedule, CancellationToken cancellationToken);

    /// <summary>The enabled groups whose next run has come (changes nothing).</summary>
    Task<IReadOnlyList<JobGroup>> GetDueGroupsAsync(DateTime nowUtc, CancellationToken cancellationToken);

    /// <summary>Claims the groups' due slots as <see cref="ClaimDueJobsAsync"/> claims the jobs'.</summary>
    Task<IReadOnlyList<DueGroup>> ClaimDueGroupsAsync(DateTime nowUtc, CancellationToken cancellationToken);
}

/// <summary>A group's claimed slot, as <see cref="DueSlot"/> is a job's.</summary>
public sealed record DueGroup(JobGroup Group, DateTime Due, int Missed, bool Skip);

/// <summary>A job's claimed slot: when it was due, how many slots were missed before this tick, and
/// whether the job runs now or its missed slots are skipped.</summary>
public sealed record DueSlot(ConnectJob Job, DateTime Due, int Missed, bool Skip)
{
    /// <summary>A slot found later than this was missed (the machine was off, or no tick ran).</summary>
    public static TimeSpan Grace { get; } = TimeSpan.FromMinutes(15);
}
