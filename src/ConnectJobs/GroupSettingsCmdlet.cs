using System.Management.Automation;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>The group parameters that New-ConnectGroup and Set-ConnectGroup share: its description,
/// schedule, who is told about its runs and what runs after a successful one.</summary>
public abstract class GroupSettingsCmdlet : ConnectCmdlet, IRunSettingsParameters
{
    [Parameter]
    public string? Description { get; set; }

    /// <summary>When the group runs by itself: a schedule from New-ConnectSchedule.</summary>
    [Parameter]
    public Schedules.JobSchedule? Schedule { get; set; }

    /// <summary>When the group's runs are told about: Never, Failure (only failed runs) or Always.</summary>
    [Parameter]
    public NotifyCondition NotifyOn { get; set; }

    /// <summary>Email addresses that get the notification (through -MailConnection); @() for none.</summary>
    [Parameter]
    [AllowEmptyCollection]
    public string[]? NotifyEmail { get; set; }

    /// <summary>The mail server connection (-Protocol Smtp) that sends the email.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.ConnectionNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? MailConnection { get; set; }

    /// <summary>An http(s) address that gets each notified group run as JSON; '' for none.</summary>
    [Parameter]
    [AllowEmptyString]
    public string? NotifyWebhook { get; set; }

    /// <summary>A job or group to run after each successful group run ('' for none).</summary>
    [Parameter]
    [AllowEmptyString]
    [ArgumentCompleter(typeof(Completion.JobNameCompleter))]
    public string? OnSuccessRun { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The notification and follow-up from the bound parameters over the group's own, checked
    /// (connections and the follow-up exist) before anything is changed.</summary>
    private protected GroupSettings Settings(GroupSettings current) =>
        current with { Notify = Notification(this, current.Notify), OnSuccessRun = FollowUp(this, current.OnSuccessRun) };

    /// <summary>Gives a group its schedule and settings once it exists or has changed; writes it with -PassThru.</summary>
    private protected void Finish(JobGroup group, bool enabled, GroupSettings settings)
    {
        if (enabled != group.Enabled || settings != group.Settings)
        {
            group = Await(Store.SetGroupSettingsAsync(group, enabled, settings, CancellationToken));
        }

        if (Schedule is not null)
        {
            group = Await(Store.SetGroupScheduleAsync(group, Schedule, CancellationToken));
        }

        if (PassThru)
        {
            WriteObject(group);
        }
    }
}
