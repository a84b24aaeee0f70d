using Cronos;

namespace ConnectJobs.Schedules;

/// <summary>The Responsys rules a schedule must keep, checked when it is made: each refusal names its rule.</summary>
public static class ScheduleRules
{
    /// <summary>The frequencies of an hourly schedule (Acoustic's bulk event export offers the same).</summary>
    public static IReadOnlyList<int> Frequencies { get; } = [1, 2, 3, 4, 6, 8, 12, 24];

    /// <summary>The schedule with its start time drawn inside the quarter-hour slot that
    /// <paramref name="requested"/> falls in (a cron schedule is exact), after checking every rule:
    /// a known time zone, days 1–28 of the month, an allowed frequency, days for a weekly schedule,
    /// a valid cron expression, and a one-time slot that has not begun.</summary>
    public static JobSchedule Draw(JobSchedule schedule, DateTime nowUtc, Random random)
    {
        var zone = FindZone(schedule.TimeZone);
        switch (schedule.Kind)
        {
            case ScheduleKind.Monthly when !schedule.LastDayOfMonth && schedule.DayOfMonth is not (>= 1 and <= 28):
                throw ConnectException.Create(ErrorIds.DayOfMonthNotAllowed, ErrorKind.InvalidArgument, schedule.DayOfMonth, Messages.DayOfMonthNotAllowed, schedule.DayOfMonth);
            case ScheduleKind.Hourly when !Frequencies.Contains(schedule.EveryHours ?? 0):
                throw ConnectException.Create(ErrorIds.FrequencyNotAllowed, ErrorKind.InvalidArgument, schedule.EveryHours, Messages.FrequencyNotAllowed, schedule.EveryHours, string.Join(", ", Frequencies));
            case ScheduleKind.Weekly when schedule.Days.Count == 0:
                throw ConnectException.Create(ErrorIds.NoDaysOfWeek, ErrorKind.InvalidArgument, schedule, Messages.NoDaysOfWeek);
            case ScheduleKind.Once when schedule.Date is null:
                throw ConnectException.Create(ErrorIds.ScheduleInPast, ErrorKind.InvalidArgument, schedule, Messages.ScheduleInPast, "(no date)");
            case ScheduleKind.Cron:
                try
                {
                    CronExpression.Parse(schedule.Cron ?? "");
                }
                catch (CronFormatException e)
                {
                    throw ConnectException.Create(ErrorIds.InvalidCronExpression, ErrorKind.InvalidArgument, schedule.Cron, Messages.InvalidCronExpression, schedule.Cron, e.Message);
                }

                return schedule;
            case ScheduleKind.OnDemand:
                return schedule;
        }

        var slot = new TimeOnly(schedule.At.Hour, schedule.At.Minute / 15 * 15);
        if (schedule.Kind == ScheduleKind.Once && ToUtc(schedule.Date!.Value.ToDateTime(slot), zone) <= nowUtc)
        {
            throw ConnectException.Create(ErrorIds.ScheduleInPast, ErrorKind.InvalidArgument, schedule, Messages.ScheduleInPast, $"{schedule.Date:yyyy-MM-dd} {slot:HH\\:mm} {schedule.TimeZone}");
        }

        return schedule with { At = slot.AddMinutes(random.Next(15)) };
    }

    /// <summary>The time zone of an IANA or Windows id.</summary>
    public static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw ConnectException.Create(ErrorIds.UnknownTimeZone, ErrorKind.InvalidArgument, id, Messages.UnknownTimeZone, id);
        }
    }

    /// <summary>A local time as an instant: a time the clock skips becomes the first valid minute
    /// after it, a time it passes twice the first of them.</summary>
    internal static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
    }
}
