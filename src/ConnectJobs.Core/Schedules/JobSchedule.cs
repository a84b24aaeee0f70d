using System.Globalization;
using Cronos;

namespace ConnectJobs.Schedules;

/// <summary>How a schedule repeats.</summary>
public enum ScheduleKind
{
    /// <summary>Runs only when invoked.</summary>
    OnDemand,

    /// <summary>Once, on a date, in a quarter-hour slot.</summary>
    Once,

    Daily,

    /// <summary>On some days of the week.</summary>
    Weekly,

    /// <summary>On a day of the month (1–28) or on its last day.</summary>
    Monthly,

    /// <summary>Every 1, 2, 3, 4, 6, 8, 12 or 24 hours from the slot's time.</summary>
    Hourly,

    /// <summary>A cron expression, for what the others cannot say; exact, no slot.</summary>
    Cron,
}

/// <summary>The "All Jobs" column: on demand, one time or recurring.</summary>
public enum ScheduleType
{
    OnDemand,
    OneTime,
    Recurring,
}

/// <summary>What a tick does with slots it missed (the machine was off): run once for all of them, or skip them.</summary>
public enum MissedRunPolicy
{
    RunOnce,
    Skip,
}

/// <summary>When a job runs by itself, in its time zone. Start times are quarter-hour slots whose
/// minute is drawn once, when the schedule is made (<see cref="ScheduleRules.Draw"/>), and kept: jobs
/// of the same slot spread over it. Daylight saving time: a time the clock skips runs at the next
/// valid instant, a time it passes twice runs once (interval schedules keep their interval).</summary>
public sealed record JobSchedule
{
    public static JobSchedule OnDemand { get; } = new();

    public ScheduleKind Kind { get; init; }

    /// <summary>An IANA or Windows time zone id.</summary>
    public string TimeZone { get; init; } = TimeZoneInfo.Local.Id;

    /// <summary>The time of day (the drawn minute of its slot); an hourly schedule's first run of the day.</summary>
    public TimeOnly At { get; init; }

    /// <summary>The day of a one-time schedule.</summary>
    public DateOnly? Date { get; init; }

    public IReadOnlyList<DayOfWeek> Days { get; init; } = [];

    /// <summary>A monthly schedule's day, 1–28; null with <see cref="LastDayOfMonth"/>.</summary>
    public int? DayOfMonth { get; init; }

    public bool LastDayOfMonth { get; init; }

    public int? EveryHours { get; init; }

    public string? Cron { get; init; }

    public MissedRunPolicy MissedRuns { get; init; }

    /// <summary>The time of day (in <see cref="TimeZone"/>) an import job's file is expected by: a
    /// day with no file taken by then gets a Missed run, told about as a failure.</summary>
    public TimeOnly? ExpectedBy { get; init; }

    /// <summary>The latest expected-by instant at or before <paramref name="nowUtc"/> (UTC), or null without one.</summary>
    public DateTime? LatestExpectedBy(DateTime nowUtc)
    {
        if (ExpectedBy is not { } by)
        {
            return null;
        }

        var zone = ScheduleRules.FindZone(TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), zone));
        var instant = ScheduleRules.ToUtc(today.ToDateTime(by), zone);
        return instant <= nowUtc ? instant : ScheduleRules.ToUtc(today.AddDays(-1).ToDateTime(by), zone);
    }

    [System.Text.Json.Serialization.JsonIgnore]
    public ScheduleType Type => Kind switch
    {
        ScheduleKind.OnDemand => ScheduleType.OnDemand,
        ScheduleKind.Once => ScheduleType.OneTime,
        _ => ScheduleType.Recurring,
    };

    /// <summary>The first time after <paramref name="afterUtc"/> the schedule falls due (UTC), or null when it never does again.</summary>
    public DateTime? NextAfter(DateTime afterUtc)
    {
        afterUtc = DateTime.SpecifyKind(afterUtc, DateTimeKind.Utc);
        if (Kind == ScheduleKind.OnDemand)
        {
            return null;
        }

        var zone = ScheduleRules.FindZone(TimeZone);
        if (Kind == ScheduleKind.Once)
        {
            var instant = ScheduleRules.ToUtc(Date!.Value.ToDateTime(At), zone);
            return instant > afterUtc ? instant : null;
        }

        return CronExpression.Parse(CronText).GetNextOccurrence(afterUtc, zone);
    }

    /// <summary>The schedule as a cron expression in its time zone (not for one-time schedules).</summary>
    internal string CronText => Kind switch
    {
        ScheduleKind.Daily => Invariant($"{At.Minute} {At.Hour} * * *"),
        ScheduleKind.Weekly => Invariant($"{At.Minute} {At.Hour} * * {string.Join(',', Days.Select(d => (int)d))}"),
        ScheduleKind.Monthly => Invariant($"{At.Minute} {At.Hour} {(LastDayOfMonth ? "L" : DayOfMonth!.Value.ToString(CultureInfo.InvariantCulture))} * *"),
        ScheduleKind.Hourly when EveryHours == 24 => Invariant($"{At.Minute} {At.Hour} * * *"),
        ScheduleKind.Hourly => Invariant($"{At.Minute} {At.Hour % EveryHours!.Value}/{EveryHours} * * *"),
        _ => Cron!,
    };

    /// <summary>The "Schedule" column: "Daily at 06:12 Europe/Amsterdam".</summary>
    public override string ToString()
    {
        var at = At.ToString("HH:mm", CultureInfo.InvariantCulture);
        return Kind switch
        {
            ScheduleKind.OnDemand => "On demand",
            ScheduleKind.Once => Invariant($"Once on {Date:yyyy-MM-dd} at {at} {TimeZone}"),
            ScheduleKind.Daily => $"Daily at {at} {TimeZone}",
            ScheduleKind.Weekly => $"Weekly on {string.Join(", ", Days)} at {at} {TimeZone}",
            ScheduleKind.Monthly => LastDayOfMonth ? $"Monthly on the last day at {at} {TimeZone}" : Invariant($"Monthly on day {DayOfMonth} at {at} {TimeZone}"),
            ScheduleKind.Hourly => Invariant($"Every {EveryHours} hours from {at} {TimeZone}"),
            _ => $"Cron '{Cron}' {TimeZone}",
        } + (ExpectedBy is { } by ? $", file expected by {by:HH\\:mm}" : "");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
