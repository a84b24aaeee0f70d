using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

/// <summary>Job groups as a user makes, runs and removes them.</summary>
public sealed class GroupCmdletTests : SessionTest
{
    public GroupCmdletTests()
        : base("cj-group-") => Session.Run($"New-ConnectList Contacts; 'Customers', 'Orders', 'Extra' | ForEach-Object {{ New-ConnectJob $_ -List Contacts -SourceDirectory '{Folder}' -FilePattern \"$($_)_*.csv\" }}").ShouldSucceed();

    [Fact]
    public void A_group_runs_its_jobs_in_order_and_reports_per_job()
    {
        Drop("Customers_1.csv", "EMAIL_ADDRESS_\nann@example.com\n");
        Drop("Orders_1.csv", "EMAIL_ADDRESS_\nbob@example.com\n");
        Session.Run("New-ConnectGroup Nightly -Job Customers, Orders").ShouldSucceed();
        Assert.Equal("Customers Orders", Session.Run("(Get-ConnectGroup Night*).Jobs -join ' '").ShouldSucceed().Output.Single().ToString());
        Assert.Equal(["Nightly", "Nightly", "True"], Session.Run("(Get-ConnectJob Customers).Group; (Get-ConnectJob Orders).Group; $null -eq (Get-ConnectJob Extra).Group").ShouldSucceed().Output.Select(o => o.ToString()));

        var run = Session.Run("Invoke-ConnectGroup Nightly | ForEach-Object { $_.Status; $_.FullId; $_.Runs | ForEach-Object { \"$($_.Job):$($_.Status)\" } }").ShouldSucceed();
        Assert.Equal(["Succeeded", "1.1", "Customers:Succeeded", "Orders:Succeeded"], run.Output.Select(o => o.ToString()));
        Assert.Equal("True", Session.Run("$g = Get-ConnectGroup Nightly; $g.PreviousRun -le [datetime]::UtcNow -and $g.PreviousRun -gt [datetime]::UtcNow.AddMinutes(-5)").ShouldSucceed().Output.Single().ToString());

        // No file for Customers now: the group stops there, Orders is not run, and the failure is an error.
        Drop("Orders_2.csv", "EMAIL_ADDRESS_\ncy@example.com\n");
        var failed = Session.Run("Invoke-ConnectGroup Nightly | ForEach-Object { $_.Status; $_.NotRun }");
        Assert.Equal(["Failed", "Orders"], failed.Output.Select(o => o.ToString()));
        Assert.Equal("NoInboundFile", Assert.Single(failed.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.True(File.Exists(Path.Combine(Folder, "Orders_2.csv")));

        // The format views, as a script run by the host prints them.
        var environment = new Dictionary<string, string?> { ["CONNECTJOBS_STORE"] = Session.StoreFolder, ["NO_COLOR"] = "1" };
        Assert.Contains("Customers -> Orders", Paths.RunHost(environment, "-Command", "Get-ConnectGroup").Stdout);
        Drop("Customers_2.csv", "EMAIL_ADDRESS_\ndee@example.com\n");
        Assert.Contains("Customers Succeeded, Orders Succeeded", Paths.RunHost(environment, "-Command", "Invoke-ConnectGroup Nightly").Stdout);
    }

    [Fact]
    public void Group_rules_are_errors_naming_the_rule_and_removing_a_group_keeps_its_jobs()
    {
        Session.Run("New-ConnectGroup Solo -Job Customers").ShouldFailWith("GroupNeedsTwoJobs", ErrorCategory.InvalidArgument);
        Session.Run("Disable-ConnectJob Extra; New-ConnectGroup G -Job Customers, Extra").ShouldFailWith("JobNotGroupable", ErrorCategory.InvalidArgument);
        Session.Run("New-ConnectGroup Nightly -Job Customers, Orders").ShouldSucceed();
        Session.Run("Enable-ConnectJob Extra; New-ConnectGroup Other -Job Extra, Orders").ShouldFailWith("JobInOtherGroup", ErrorCategory.InvalidArgument);
        Session.Run("Set-ConnectJob Orders -Schedule (New-ConnectSchedule -Daily -At 06:00)").ShouldFailWith("JobInGroup", ErrorCategory.InvalidArgument);
        Session.Run("Get-ConnectGroup Nope").ShouldFailWith("GroupNotFound", ErrorCategory.ObjectNotFound);
        Assert.Empty(Session.Run("New-ConnectGroup Third -Job Extra, Customers -WhatIf; Get-ConnectGroup Third*").ShouldSucceed().Output);

        Session.Run("Stop-ConnectGroup Nightly -Confirm:$false").ShouldFailWith("GroupNotRunning", ErrorCategory.InvalidOperation);
        Session.Run("Set-ConnectGroup Nightly -Job Orders, Customers -Schedule (New-ConnectSchedule -Daily -At 02:00 -TimeZone UTC)").ShouldSucceed();
        Assert.Equal(["Orders Customers", "Recurring", "True"], Session.Run("Get-ConnectGroup Nightly | ForEach-Object { $_.Jobs -join ' '; $_.ScheduleType; $_.NextRun -gt [datetime]::UtcNow }").ShouldSucceed().Output.Select(o => o.ToString()));
        Assert.Empty(Session.Run("Get-ConnectGroup -Due").ShouldSucceed().Output);
        Session.Run("Set-ConnectGroup Nightly -Job Orders").ShouldFailWith("GroupNeedsTwoJobs", ErrorCategory.InvalidArgument);

        Session.Run("Remove-ConnectGroup Nightly -Confirm:$false").ShouldSucceed();
        Assert.Empty(Session.Run("Get-ConnectGroup").ShouldSucceed().Output);
        Assert.Equal("3", Session.Run("@(Get-ConnectJob).Count").ShouldSucceed().Output.Single().ToString());
    }

    [Fact]
    public void A_group_keeps_its_notification_and_follow_up_runs_it_after_success_and_can_be_turned_off()
    {
        Session.Run("New-ConnectJob After -List Contacts -SourceDirectory x -FilePattern 'After_*.csv'").ShouldSucceed();
        Session.Run("New-ConnectGroup Bad -Job Customers, Orders -NotifyWebhook 'ftp://example.com/'").ShouldFailWith("InvalidNotification", ErrorCategory.InvalidArgument);
        Session.Run("New-ConnectGroup Bad -Job Customers, Orders -OnSuccessRun Nope").ShouldFailWith("JobNotFound", ErrorCategory.ObjectNotFound);
        Assert.Empty(Session.Run("Get-ConnectGroup").ShouldSucceed().Output);

        Session.Run("New-ConnectGroup Nightly -Job Customers, Orders -NotifyOn Always -NotifyWebhook 'https://chat.example.com/hook' -OnSuccessRun Extra").ShouldSucceed();
        var kept = Session.Run("$g = Get-ConnectGroup Nightly; $g.Settings.Notify.When; $g.Settings.Notify.Webhook; $g.Settings.OnSuccessRun").ShouldSucceed();
        Assert.Equal(["Always", "https://chat.example.com/hook", "Extra"], kept.Output.Select(o => o.ToString()));

        // Setting one thing keeps the rest; '' removes the webhook.
        Session.Run("Set-ConnectGroup Nightly -NotifyOn Failure -NotifyWebhook ''").ShouldSucceed();
        var changed = Session.Run("$g = Get-ConnectGroup Nightly; $g.Settings.Notify.When; $null -eq $g.Settings.Notify.Webhook; $g.Settings.OnSuccessRun").ShouldSucceed();
        Assert.Equal(["Failure", "True", "Extra"], changed.Output.Select(o => o.ToString()));

        Drop("Customers_1.csv", "EMAIL_ADDRESS_\nann@example.com\n");
        Drop("Orders_1.csv", "EMAIL_ADDRESS_\nbob@example.com\n");
        Drop("Extra_1.csv", "EMAIL_ADDRESS_\ncy@example.com\n");
        var runs = Session.Run("Invoke-ConnectGroup Nightly | ForEach-Object { $_.GetType().Name + ' ' + $_.Status }").ShouldSucceed();
        Assert.Equal(["GroupRun Succeeded", "JobRun Succeeded"], runs.Output.Select(o => o.ToString()));
        Assert.Equal("1", Session.Run("@(Get-ConnectJobLog Extra | Where-Object Message -like \"*after group 'Nightly'*\").Count").ShouldSucceed().Output.Single().ToString());

        // A failed group run runs no follow-up.
        var failed = Session.Run("Invoke-ConnectGroup Nightly | ForEach-Object { $_.GetType().Name + ' ' + $_.Status }");
        Assert.Equal(["GroupRun Failed"], failed.Output.Select(o => o.ToString()));

        // Turned off, a scheduled group is not due; turned on, its schedule starts from now.
        Session.Run("Set-ConnectGroup Nightly -Schedule (New-ConnectSchedule -Cron '* * * * *' -TimeZone UTC) -Enabled $false").ShouldSucceed();
        Assert.Equal("False", Session.Run("(Get-ConnectGroup Nightly).Enabled").ShouldSucceed().Output.Single().ToString());
        Session.Run("Set-ConnectGroup Nightly -Enabled $true").ShouldSucceed();
        var state = Session.Run("$g = Get-ConnectGroup Nightly; $g.Enabled; $g.NextRun -gt [datetime]::UtcNow; $g.Settings.Notify.When").ShouldSucceed();
        Assert.Equal(["True", "True", "Failure"], state.Output.Select(o => o.ToString()));
    }
}
