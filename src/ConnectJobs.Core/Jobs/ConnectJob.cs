namespace ConnectJobs.Jobs;

/// <summary>The kinds of job.</summary>
public enum JobKind
{
    Import,
    Export,

    /// <summary>An export of events (export settings with a feed).</summary>
    EventFeed,
}

/// <summary>A job definition in the store.</summary>
public sealed class ConnectJob
{
    internal ConnectJob(long id, string name, JobKind kind, bool enabled, string? description, JobSettings settings, DateTime created, DateTime modified)
    {
        Id = id;
        Name = name;
        Kind = kind;
        Enabled = enabled;
        Description = description;
        Settings = settings;
        Created = created;
        Modified = modified;
    }

    /// <summary>The job's number (JobID); runs are numbered JobID.RunID.</summary>
    public long Id { get; }

    public string Name { get; }

    public JobKind Kind { get; }

    /// <summary>Only enabled jobs run on their schedule; any job can be run now.</summary>
    public bool Enabled { get; }

    public string? Description { get; }

    public JobSettings Settings { get; }

    public DateTime Created { get; }

    public DateTime Modified { get; }

    /// <summary>When the job runs by itself (the tick: Invoke-ConnectJob -Due).</summary>
    public Schedules.JobSchedule Schedule { get; init; } = Schedules.JobSchedule.OnDemand;

    public Schedules.ScheduleType ScheduleType => Schedule.Type;

    /// <summary>When the schedule next falls due (UTC); null when it never does (on demand, a one-time schedule done).</summary>
    public DateTime? NextRun { get; init; }

    /// <summary>When the job's latest run started (UTC).</summary>
    public DateTime? PreviousRun { get; init; }

    /// <summary>A run of the job is in progress (in this or another process).</summary>
    public bool Running { get; init; }

    /// <summary>The group the job is a member of, or null.</summary>
    public string? Group { get; init; }

    public override string ToString() => Name;
}
