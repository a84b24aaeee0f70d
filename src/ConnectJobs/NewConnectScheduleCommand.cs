using System.Management.Automation;
using ConnectJobs.Schedules;

namespace ConnectJobs.Commands;

/// <summary>What a tick does with the slots a job missed (the machine was off).</summary>
public enum MissedRunAction
{
    /// <summary>Run once for all of them.</summary>
    RunOnce = MissedRunPolicy.RunOnce,

    /// <summary>Skip them (recorded as a Skipped run); the job runs at its next slot.</summary>
    Skip = MissedRunPolicy.Skip,
}

/// <summary>New-ConnectSchedule: a schedule for New-ConnectJob/Set-ConnectJob -Schedule, checked by
/// the Responsys rules. The start time is a quarter-hour slot; the minute is drawn inside it now,
/// once, and kept.</summary>
[Cmdlet(VerbsCommon.New, "ConnectSchedule", DefaultParameterSetName = DailySet)]
[OutputType(typeof(JobSchedule))]
public sealed class NewConnectScheduleCommand : ConnectCmdlet
{
    private const string OnDemandSet = "OnDemand";
    private const string OnceSet = "Once";
    private const string DailySet = "Daily";
    private const string WeeklySet = "Weekly";
    private const string MonthlySet = "Monthly";
    private const string LastDaySet = "LastDayOfMonth";
    private const string HourlySet = "Hourly";
    private const string CronSet = "Cron";

    [Parameter(Mandatory = true, ParameterSetName = OnDemandSet)]
    public SwitchParameter OnDemand { get; set; }

    /// <summary>The day of a one-time run.</summary>
    [Parameter(Mandatory = true, ParameterSetName = OnceSet)]
    public DateTime Once { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = DailySet)]
    public SwitchParameter Daily { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = WeeklySet)]
    [ValidateNotNullOrEmpty]
    public DayOfWeek[] DayOfWeek { get; set; } = [];

    /// <summary>The day of the month, 1 to 28 (29–31 are refused: not every month has them).</summary>
    [Parameter(Mandatory = true, ParameterSetName = MonthlySet)]
    public int DayOfMonth { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = LastDaySet)]
    public SwitchParameter LastDayOfMonth { get; set; }

    /// <summary>Every 1, 2, 3, 4, 6, 8, 12 or 24 hours, from -At.</summary>
    [Parameter(Mandatory = true, ParameterSetName = HourlySet)]
    public int EveryHours { get; set; }

    /// <summary>A cron expression (minute hour day month day-of-week), run exactly as written.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CronSet)]
    [ValidateNotNullOrEmpty]
    public string Cron { get; set; } = "";

    /// <summary>The time of day; its quarter-hour slot is kept and the minute drawn inside it.</summary>
    [Parameter(ParameterSetName = OnceSet, Mandatory = true)]
    [Parameter(ParameterSetName = DailySet, Mandatory = true)]
    [Parameter(ParameterSetName = WeeklySet, Mandatory = true)]
    [Parameter(ParameterSetName = MonthlySet, Mandatory = true)]
    [Parameter(ParameterSetName = LastDaySet, Mandatory = true)]
    [Parameter(ParameterSetName = HourlySet)]
    public TimeSpan At { get; set; }

    /// <summary>An IANA or Windows time zone id (default: this machine's).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string TimeZone { get; set; } = TimeZoneInfo.Local.Id;

    [Parameter]
    public MissedRunAction MissedRuns { get; set; } = MissedRunAction.RunOnce;

    /// <summary>The time of day an import job's file is expected by: a day without one gets a Missed run.</summary>
    [Parameter]
    public TimeSpan ExpectedBy { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        foreach (var time in new[] { At, ExpectedBy })
        {
            if (time < TimeSpan.Zero || time >= TimeSpan.FromDays(1))
            {
                throw new ConnectException(ErrorIds.InvalidScheduleTime, ErrorKind.InvalidArgument, time, string.Format(System.Globalization.CultureInfo.CurrentCulture, CommandMessages.InvalidScheduleTime, time));
            }
        }

        var schedule = new JobSchedule
        {
            Kind = ParameterSetName switch
            {
                OnDemandSet => ScheduleKind.OnDemand,
                OnceSet => ScheduleKind.Once,
                WeeklySet => ScheduleKind.Weekly,
                MonthlySet or LastDaySet => ScheduleKind.Monthly,
                HourlySet => ScheduleKind.Hourly,
                CronSet => ScheduleKind.Cron,
                _ => ScheduleKind.Daily,
            },
            TimeZone = TimeZone,
            At = TimeOnly.FromTimeSpan(At),
            Date = ParameterSetName == OnceSet ? DateOnly.FromDateTime(Once) : null,
            Days = DayOfWeek.Distinct().Order().ToArray(),
            DayOfMonth = ParameterSetName == MonthlySet ? DayOfMonth : null,
            LastDayOfMonth = LastDayOfMonth,
            EveryHours = ParameterSetName == HourlySet ? EveryHours : null,
            Cron = ParameterSetName == CronSet ? Cron : null,
            MissedRuns = (MissedRunPolicy)MissedRuns,
            ExpectedBy = MyInvocation.BoundParameters.ContainsKey(nameof(ExpectedBy)) ? TimeOnly.FromTimeSpan(ExpectedBy) : null,
        };
        WriteObject(ScheduleRules.Draw(schedule, DateTime.UtcNow, Random.Shared));
    });
}
