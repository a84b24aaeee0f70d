using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

/// <summary>Schedules as a user gives them, and the jobs' schedule columns.</summary>
public sealed class ScheduleCmdletTests : SessionTest
{
    public ScheduleCmdletTests()
        : base("cj-schedule-") => Session.Run("New-ConnectList Contacts").ShouldSucceed();

    [Theory]
    [InlineData("-DayOfMonth 31 -At 06:00", "DayOfMonthNotAllowed", "not every month")]
    [InlineData("-EveryHours 5", "FrequencyNotAllowed", "1, 2, 3, 4, 6, 8, 12, 24")]
    [InlineData("-Daily -At 06:00 -TimeZone Mars/Olympus", "UnknownTimeZone", "Mars/Olympus")]
    [InlineData("-Once 2020-01-01 -At 06:00", "ScheduleInPast", "occurs in the past")]
    [InlineData("-Cron '61 * * * *'", "InvalidCronExpression", "61 * * * *")]
    [InlineData("-Daily -At 1.02:00", "InvalidScheduleTime", "1.02:00:00")]
    public void A_schedule_that_breaks_a_rule_is_refused_naming_the_rule(string parameters, string errorId, string named)
    {
        var error = Session.Run($"New-ConnectSchedule {parameters}").ShouldFailWith(errorId, ErrorCategory.InvalidArgument);
        Assert.Contains(named, error.Exception.Message);
    }

    [Fact]
    public void A_job_shows_its_schedule_and_next_run_and_goes_back_to_on_demand()
    {
        Session.Run($"New-ConnectJob Nightly -List Contacts -SourceDirectory '{Folder}' -FilePattern 'c_*.csv' -Schedule (New-ConnectSchedule -Daily -At 06:00 -TimeZone Europe/Amsterdam)").ShouldSucceed();

        var shown = Session.Run("Get-ConnectJob Nightly | ForEach-Object { \"$($_.Schedule)\"; $_.ScheduleType; $_.Schedule.At.Hour; $_.Schedule.At.Minute -lt 15; $_.NextRun -gt [datetime]::UtcNow; $_.NextRun -lt [datetime]::UtcNow.AddDays(1).AddMinutes(1); $_.Running }")
            .ShouldSucceed().Output.Select(o => o.ToString()).ToList();
        Assert.Matches("^Daily at 06:(0[0-9]|1[0-4]) Europe/Amsterdam$", shown[0]);
        Assert.Equal(["Recurring", "6", "True", "True", "True", "False"], shown.Skip(1));

        // Not due yet: the tick finds nothing, and -WhatIf claims nothing either.
        Assert.Empty(Session.Run("Get-ConnectJob -Due").ShouldSucceed().Output);
        Assert.Empty(Session.Run("Invoke-ConnectJob -Due -WhatIf; Invoke-ConnectJob -Due").ShouldSucceed().Output);

        // Running the job now, from a script, leaves the schedule's next run where it was.
        var next = Session.Run("(Get-ConnectJob Nightly).NextRun").ShouldSucceed().Output.Single().ToString();
        Drop("c_1.csv", "EMAIL_ADDRESS_\nann@example.com\n");
        Assert.Equal("Succeeded", Session.Run("(Invoke-ConnectJob Nightly).Status").ShouldSucceed().Output.Single().ToString());
        Assert.Empty(Session.Run("Get-ConnectJobRun -Job Nightly -Status Missed, Skipped, Waiting").ShouldSucceed().Output);
        Assert.Equal([next, "False"], Session.Run("Get-ConnectJob Nightly | ForEach-Object { $_.NextRun; $null -eq $_.PreviousRun }").ShouldSucceed().Output.Select(o => o.ToString()));

        Session.Run("Set-ConnectJob Nightly -Schedule (New-ConnectSchedule -OnDemand)").ShouldSucceed();
        Assert.Equal(["OnDemand", "True"], Session.Run("Get-ConnectJob Nightly | ForEach-Object { $_.ScheduleType; $null -eq $_.NextRun }").ShouldSucceed().Output.Select(o => o.ToString()));
    }

    [Fact]
    public void A_schedule_keeps_its_drawn_minute_and_a_cron_schedule_its_exact_time()
    {
        Session.Run("$s = New-ConnectSchedule -EveryHours 6 -At 01:00 -TimeZone UTC -MissedRuns Skip").ShouldSucceed();
        Session.Run($"New-ConnectJob A -List Contacts -SourceDirectory '{Folder}' -FilePattern 'a_*.csv' -Schedule $s; New-ConnectJob B -List Contacts -SourceDirectory '{Folder}' -FilePattern 'b_*.csv' -Schedule $s").ShouldSucceed();
        var drawn = Session.Run("Get-ConnectJob A, B | ForEach-Object { $_.Schedule.At.ToString() }").ShouldSucceed().Output.Select(o => o.ToString()).ToList();
        Assert.Equal(2, drawn.Count);
        Assert.Equal(drawn[0], drawn[1]);
        var shown = Session.Run("(Get-ConnectJob A).Schedule | ForEach-Object { $_.MissedRuns; \"$_\" }").ShouldSucceed().Output.Select(o => o.ToString()).ToList();
        Assert.Equal("Skip", shown[0]);
        Assert.Matches("^Every 6 hours from 01:(0[0-9]|1[0-4]) UTC$", shown[1]);

        Assert.Equal("Cron '0 5 * * 1-5' UTC", Session.Run("\"$(New-ConnectSchedule -Cron '0 5 * * 1-5' -TimeZone UTC)\"").ShouldSucceed().Output.Single().ToString());
    }
}
