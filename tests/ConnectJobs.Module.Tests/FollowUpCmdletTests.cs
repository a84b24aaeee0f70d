using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

/// <summary>-OnSuccessRun: a job or group run after a job's successful run.</summary>
public sealed class FollowUpCmdletTests : SessionTest
{
    public FollowUpCmdletTests()
        : base("cj-followup-") => Session.Run($"New-ConnectList Contacts; 'A', 'B', 'C' | ForEach-Object {{ New-ConnectJob $_ -List Contacts -SourceDirectory '{Folder}' -FilePattern \"$($_)_*.csv\" }}").ShouldSucceed();

    [Fact]
    public void A_successful_run_runs_its_follow_up_once_per_chain_and_a_failed_one_does_not()
    {
        Session.Run("New-ConnectJob D -List Contacts -SourceDirectory x -FilePattern y -OnSuccessRun Nope").ShouldFailWith("JobNotFound", ErrorCategory.ObjectNotFound);
        Session.Run("Set-ConnectJob A -OnSuccessRun b; Set-ConnectJob B -OnSuccessRun A").ShouldSucceed();
        Drop("A_1.csv", "EMAIL_ADDRESS_\nann@example.com\n");
        Drop("B_1.csv", "EMAIL_ADDRESS_\nbob@example.com\n");

        var runs = Session.Run("Invoke-ConnectJob A | ForEach-Object { \"$($_.Job) $($_.Status)\" }").ShouldSucceed().Output.Select(o => o.ToString());
        Assert.Equal(["A Succeeded", "B Succeeded"], runs);
        Assert.Equal("1", Session.Run("@(Get-ConnectJobLog B | Where-Object Message -like \"*after job 'A'*\").Count").ShouldSucceed().Output.Single().ToString());

        // A fails (no file): B does not run.
        var failed = Session.Run("Invoke-ConnectJob A | ForEach-Object { \"$($_.Job) $($_.Status)\" }");
        Assert.Equal(["A Failed"], failed.Output.Select(o => o.ToString()));

        // A group as the follow-up; '' removes it.
        Session.Run("New-ConnectGroup Pair -Job C, B; Set-ConnectJob A -OnSuccessRun Pair").ShouldSucceed();
        Assert.Equal("Pair", Session.Run("(Get-ConnectJob A).Settings.OnSuccessRun").ShouldSucceed().Output.Single().ToString());
        Session.Run("Set-ConnectJob A -OnSuccessRun ''").ShouldSucceed();
        Assert.Null(Session.Run("(Get-ConnectJob A).Settings.OnSuccessRun").ShouldSucceed().Output.Single()?.BaseObject);
    }
}
