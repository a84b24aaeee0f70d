using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

/// <summary>Stop-ConnectJob's errors; stopping a run in another process is in JobProcessTests.</summary>
public sealed class StopCmdletTests() : SessionTest("cj-stop-")
{
    [Fact]
    public void A_job_without_a_run_in_progress_is_an_error_per_job_and_the_others_go_on()
    {
        Session.Run($"New-ConnectList Contacts; New-ConnectJob A -List Contacts -SourceDirectory '{Folder}' -FilePattern 'a_*.csv'; New-ConnectJob B -List Contacts -SourceDirectory '{Folder}' -FilePattern 'b_*.csv'").ShouldSucceed();

        Session.Run("Stop-ConnectJob A -Confirm:$false").ShouldFailWith("JobNotRunning", ErrorCategory.InvalidOperation);
        Session.Run("Stop-ConnectJob Nope -Confirm:$false").ShouldFailWith("JobNotFound", ErrorCategory.ObjectNotFound);
        var both = Session.Run("Get-ConnectJob | Stop-ConnectJob -Confirm:$false; 'after'");
        Assert.Equal(2, both.Errors.Count);
        Assert.Equal("after", both.Output.Single().ToString());
        Assert.Empty(Session.Run("Stop-ConnectJob A -WhatIf").ShouldSucceed().Output);
    }
}
