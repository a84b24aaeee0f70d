using ConnectJobs.Jobs;

namespace ConnectJobs.Store;

/// <summary>Job groups: their members (the Responsys rules kept when they change) and their runs.</summary>
public interface IGroupStore
{
    Task<IReadOnlyList<JobGroup>> GetGroupsAsync(CancellationToken cancellationToken);

    Task<JobGroup?> FindGroupAsync(string name, CancellationToken cancellationToken);

    /// <summary>Makes a group of at least two jobs, each an enabled import job run on demand and in no
    /// other group, in the order given.</summary>
    Task<JobGroup> CreateGroupAsync(string name, IReadOnlyList<string> jobs, bool enabled, string? description, CancellationToken cancellationToken);

    /// <summary>Renames a group, changes its description, or gives it new members (in a new order); null keeps a value.</summary>
    Task<JobGroup> UpdateGroupAsync(JobGroup group, string? newName, IReadOnlyList<string>? jobs, string? description, CancellationToken cancellationToken);

    /// <summary>Keeps the group's activation, notification and follow-up; enabling a scheduled group
    /// starts its schedule from now (slots passed while it was disabled are not missed runs).</summary>
    Task<JobGroup> SetGroupSettingsAsync(JobGroup group, bool enabled, GroupSettings settings, CancellationToken cancellationToken);

    /// <summary>Removes a group; its jobs stay.</summary>
    Task RemoveGroupAsync(JobGroup group, CancellationToken cancellationToken);

    /// <summary>Records a group run's start; one run of a group at a time, across processes.</summary>
    Task<GroupRun> StartGroupRunAsync(JobGroup group, CancellationToken cancellationToken);

    /// <summary>Renews the group run's lease (see <see cref="SqlStore.RunLease"/>); false when it is no longer Running.</summary>
    Task<bool> RenewGroupRunAsync(GroupRun run, CancellationToken cancellationToken);

    /// <summary>Records how a group run ended, with its member runs.</summary>
    Task<GroupRun> FinishGroupRunAsync(GroupRun run, CancellationToken cancellationToken);
}
