namespace ConnectJobs.Jobs;

/// <summary>A group of import jobs that run one after another, in order, as one unit (Responsys'
/// Connect job groups): the group run stops at the first member run that fails.</summary>
public sealed class JobGroup
{
    internal JobGroup(long id, string name, bool enabled, string? description, IReadOnlyList<string> jobs, DateTime created, DateTime modified)
    {
        Id = id;
        Name = name;
        Enabled = enabled;
        Description = description;
        Jobs = jobs;
        Created = created;
        Modified = modified;
    }

    /// <summary>The group's number (GroupID); its runs are GroupID.RunID.</summary>
    public long Id { get; }

    public string Name { get; }

    public bool Enabled { get; }

    public string? Description { get; }

    /// <summary>The member jobs' names, in the order they run.</summary>
    public IReadOnlyList<string> Jobs { get; }

    public DateTime Created { get; }

    public DateTime Modified { get; }

    /// <summary>When the group runs by itself (the tick: Invoke-ConnectJob -Due).</summary>
    public Schedules.JobSchedule Schedule { get; init; } = Schedules.JobSchedule.OnDemand;

    public Schedules.ScheduleType ScheduleType => Schedule.Type;

    /// <summary>When the schedule next falls due (UTC); null when it never does.</summary>
    public DateTime? NextRun { get; init; }

    /// <summary>When the group's latest run started (UTC).</summary>
    public DateTime? PreviousRun { get; init; }

    /// <summary>A run of the group is in progress (in this or another process).</summary>
    public bool Running { get; init; }

    /// <summary>Who hears about the group's runs, and what runs after a successful one.</summary>
    public GroupSettings Settings { get; init; } = new();

    public override string ToString() => Name;
}

/// <summary>What a group does around its runs, as a job's settings say it for the job: who is told
/// about a run, and which job or group runs after a successful one.</summary>
public sealed record GroupSettings
{
    public Notifications.RunNotification? Notify { get; init; }

    /// <summary>The job or group to run after each successful group run.</summary>
    public string? OnSuccessRun { get; init; }
}

/// <summary>One run of a group: its members' runs in order, and the members it did not run
/// because an earlier one failed.</summary>
public sealed record GroupRun
{
    public required long GroupId { get; init; }

    public required long RunId { get; init; }

    public required string Group { get; init; }

    /// <summary>Succeeded when every member run did not fail; Failed at the first that did; Stopped.</summary>
    public required RunStatus Status { get; init; }

    public required DateTime Started { get; init; }

    public DateTime? Ended { get; init; }

    public TimeSpan? Duration => Ended - Started;

    /// <summary>GroupID.RunID.</summary>
    public string FullId => $"{GroupId}.{RunId}";

    /// <summary>The member runs, in order.</summary>
    public IReadOnlyList<JobRun> Runs { get; init; } = [];

    /// <summary>The members not run because an earlier member's run failed.</summary>
    public IReadOnlyList<string> NotRun { get; init; } = [];

    /// <summary>What went wrong around the run without failing it (a notification not delivered).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
