using ConnectJobs.Schedules;

namespace ConnectJobs.Core.Tests;

/// <summary>Schedules: the Responsys rules, the drawn minute, and next runs through daylight saving time.</summary>
public sealed class ScheduleTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc);

    private static JobSchedule Daily(int hour, int minute, string zone = "Europe/Amsterdam") =>
        new() { Kind = ScheduleKind.Daily, At = new TimeOnly(hour, minute), TimeZone = zone };

    private static List<DateTime> Occurrences(JobSchedule schedule, DateTime fromUtc, int count)
    {
        var list = new List<DateTime>();
        for (var next = schedule.NextAfter(fromUtc); next is not null && list.Count < count; next = schedule.NextAfter(next.Value))
        {
            list.Add(next.Value);
        }

        return list;
    }

    private static DateTime Utc(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void A_daily_0230_runs_once_on_both_daylight_saving_days_in_Amsterdam()
    {
        // Spring forward, 29 March 2026: 02:00-03:00 does not exist; the run comes at 03:00 CEST (01:00Z).
        Assert.Equal([Utc(3, 28, 1, 30), Utc(3, 29, 1, 0), Utc(3, 30, 0, 30)], Occurrences(Daily(2, 30), Utc(3, 27, 12, 0), 3));

        // Fall back, 25 October 2026: 02:30 happens twice (CEST, then CET); the run comes once, at the first.
        Assert.Equal([Utc(10, 24, 0, 30), Utc(10, 25, 0, 30), Utc(10, 26, 1, 30)], Occurrences(Daily(2, 30), Utc(10, 23, 12, 0), 3));
    }

    [Fact]
    public void Every_six_hours_keeps_its_interval_and_the_last_day_of_the_month_follows_the_calendar()
    {
        var hourly = new JobSchedule { Kind = ScheduleKind.Hourly, EveryHours = 6, At = new TimeOnly(1, 7), TimeZone = "UTC" };
        Assert.Equal([Utc(12, 2, 13, 7), Utc(12, 2, 19, 7), Utc(12, 3, 1, 7)], Occurrences(hourly, Now, 3));

        var last = new JobSchedule { Kind = ScheduleKind.Monthly, LastDayOfMonth = true, At = new TimeOnly(23, 5), TimeZone = "UTC" };
        Assert.Equal([Utc(12, 31, 23, 5), new DateTime(2027, 1, 31, 23, 5, 0, DateTimeKind.Utc), new DateTime(2027, 2, 28, 23, 5, 0, DateTimeKind.Utc)], Occurrences(last, Now, 3));

        var weekly = new JobSchedule { Kind = ScheduleKind.Weekly, Days = [DayOfWeek.Monday, DayOfWeek.Thursday], At = new TimeOnly(7, 40), TimeZone = "UTC" };
        Assert.Equal([Utc(12, 3, 7, 40), Utc(12, 7, 7, 40)], Occurrences(weekly, Now, 2));
        Assert.Equal("Weekly on Monday, Thursday at 07:40 UTC", weekly.ToString());
        Assert.Equal(ScheduleType.Recurring, weekly.Type);
    }

    [Fact]
    public void A_one_time_schedule_runs_once_and_on_demand_never()
    {
        var once = new JobSchedule { Kind = ScheduleKind.Once, Date = new DateOnly(2026, 12, 24), At = new TimeOnly(5, 3), TimeZone = "Europe/Amsterdam" };
        Assert.Equal([Utc(12, 24, 4, 3)], Occurrences(once, Now, 5));
        Assert.Equal(ScheduleType.OneTime, once.Type);
        Assert.Null(JobSchedule.OnDemand.NextAfter(Now));
        Assert.Equal(ScheduleType.OnDemand, JobSchedule.OnDemand.Type);
    }

    [Fact]
    public void The_minute_is_drawn_inside_the_slot_once_and_a_cron_schedule_is_exact()
    {
        var minutes = Enumerable.Range(0, 200).Select(seed => ScheduleRules.Draw(Daily(6, 7), Now, new Random(seed)).At).ToHashSet();
        Assert.All(minutes, at => Assert.InRange(at, new TimeOnly(6, 0), new TimeOnly(6, 14)));
        Assert.True(minutes.Count > 5, "the minute should vary from schedule to schedule");

        var cron = new JobSchedule { Kind = ScheduleKind.Cron, Cron = "*/20 8-18 * * 1-5", TimeZone = "UTC" };
        Assert.Equal(cron, ScheduleRules.Draw(cron, Now, new Random(1)));
        Assert.Equal([Utc(12, 2, 10, 20), Utc(12, 2, 10, 40)], Occurrences(cron, Now, 2));
    }

    [Theory]
    [InlineData(ScheduleKind.Monthly, "DayOfMonthNotAllowed")]
    [InlineData(ScheduleKind.Hourly, "FrequencyNotAllowed")]
    [InlineData(ScheduleKind.Weekly, "NoDaysOfWeek")]
    [InlineData(ScheduleKind.Once, "ScheduleInPast")]
    [InlineData(ScheduleKind.Cron, "InvalidCronExpression")]
    [InlineData(ScheduleKind.Daily, "UnknownTimeZone")]
    public void A_schedule_that_breaks_a_rule_is_refused_naming_it(ScheduleKind kind, string errorId)
    {
        var schedule = kind switch
        {
            ScheduleKind.Monthly => new JobSchedule { Kind = kind, DayOfMonth = 31, TimeZone = "UTC" },
            ScheduleKind.Hourly => new JobSchedule { Kind = kind, EveryHours = 5, TimeZone = "UTC" },
            ScheduleKind.Weekly => new JobSchedule { Kind = kind, TimeZone = "UTC" },
            ScheduleKind.Once => new JobSchedule { Kind = kind, Date = new DateOnly(2026, 12, 2), At = new TimeOnly(9, 59), TimeZone = "UTC" },
            ScheduleKind.Cron => new JobSchedule { Kind = kind, Cron = "61 * * * *", TimeZone = "UTC" },
            _ => Daily(6, 0, "Mars/Olympus_Mons"),
        };

        var error = Assert.Throws<ConnectException>(() => ScheduleRules.Draw(schedule, Now, new Random(1)));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void A_one_time_slot_that_has_begun_is_in_the_past()
    {
        // 10:00 UTC now: the 09:45 slot has passed, the 10:00 slot has begun, the 10:15 slot is to come.
        var once = new JobSchedule { Kind = ScheduleKind.Once, Date = new DateOnly(2026, 12, 2), TimeZone = "UTC" };
        Assert.Contains("occurs in the past", Assert.Throws<ConnectException>(() => ScheduleRules.Draw(once with { At = new TimeOnly(10, 14) }, Now, new Random(1))).Message);
        Assert.InRange(ScheduleRules.Draw(once with { At = new TimeOnly(10, 15) }, Now, new Random(1)).At, new TimeOnly(10, 15), new TimeOnly(10, 29));
    }
}
