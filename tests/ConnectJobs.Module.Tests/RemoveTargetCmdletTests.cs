using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

/// <summary>Removing lists and tables: each item on its own, and never one a job still uses.</summary>
public sealed class RemoveTargetCmdletTests() : SessionTest("cj-remove-")
{
    [Fact]
    public void A_list_or_table_a_job_uses_is_refused_with_an_error_of_its_own_and_the_others_go()
    {
        Session.Run($"""
            New-ConnectList Used; New-ConnectList Free; New-ConnectList Parent
            New-ConnectTable Prefs -Type Extension -List Parent -Column COLOR
            New-ConnectTable Spare -Type Extension -List Free -Column EXTRA
            New-ConnectJob Feed -Source Prefs -TargetDirectory '{Folder}' -FileName 'prefs.csv'
            New-ConnectJob Load -List Used -SourceDirectory '{Folder}' -FilePattern '*.csv'
            """).ShouldSucceed();

        var result = Session.Run("'Used', 'Free', 'Parent' | Remove-ConnectList -Confirm:$false");

        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal(("TargetInUse", ErrorCategory.InvalidOperation), (e.FullyQualifiedErrorId.Split(',')[0], e.CategoryInfo.Category)));
        Assert.Contains("Load", result.Errors[0].Exception.Message);
        Assert.Contains("Feed", result.Errors[1].Exception.Message);
        Assert.Equal(["Parent", "Used"], Session.Run("Get-ConnectList | ForEach-Object Name").ShouldSucceed().Output.Select(o => o.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(["Prefs"], Session.Run("Get-ConnectTable | ForEach-Object Name").ShouldSucceed().Output.Select(o => o.ToString()));

        Session.Run("Remove-ConnectTable Prefs -Confirm:$false").ShouldFailWith("TargetInUse", ErrorCategory.InvalidOperation);
        Session.Run("Remove-ConnectJob Feed -Confirm:$false; Remove-ConnectTable Prefs -Confirm:$false").ShouldSucceed();
        Assert.Empty(Session.Run("Get-ConnectTable").ShouldSucceed().Output);
    }
}
