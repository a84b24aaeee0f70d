using ConnectJobs.Notifications;

namespace ConnectJobs.Commands;

/// <summary>When a job's runs are told about (declared here: see TableType for why cmdlets hold no engine enums).</summary>
public enum NotifyCondition
{
    Never = NotifyWhen.Never,

    /// <summary>Only after a run that failed.</summary>
    Failure = NotifyWhen.Failure,

    /// <summary>After every run.</summary>
    Always = NotifyWhen.Always,
}
