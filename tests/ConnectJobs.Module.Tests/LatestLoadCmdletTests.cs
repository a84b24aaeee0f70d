using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

/// <summary>Responsys' "filter against the latest load": an export sends on what the latest import run loaded.</summary>
public sealed class LatestLoadCmdletTests() : SessionTest("cj-latest-")
{
    private string[] Run(string script) => Session.Run(script).ShouldSucceed().Output.Select(o => o.ToString()).ToArray();

    [Fact]
    public void A_filter_against_the_latest_load_selects_what_the_last_successful_run_inserted_or_updated()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(Folder, "in")).FullName;
        Session.Run($$"""
            New-ConnectList Contacts -Column 'FIRST_NAME:Text(20)'
            @{ EMAIL_ADDRESS_ = 'old@example.com'; FIRST_NAME = 'Old'; COUNTRY_ = 'NL' } | Add-ConnectRecord -List Contacts
            New-ConnectJob Nightly -List Contacts -SourceDirectory '{{inbox}}' -FilePattern 'c_*.csv'
            New-ConnectList Other
            New-ConnectJob OtherNightly -List Other -SourceDirectory '{{inbox}}' -FilePattern 'o_*.csv'
            New-ConnectFilter Loaded -List Contacts -LatestLoadOf Nightly
            New-ConnectFilter LoadedNL -List Contacts -LatestLoadOf Nightly -Filter { $_.COUNTRY_ -eq 'NL' }
            """).ShouldSucceed();
        Assert.Empty(Run("Get-ConnectRecord -List Contacts -FilterName Loaded"));

        File.WriteAllText(Path.Combine(inbox, "c_1.csv"), "EMAIL_ADDRESS_,FIRST_NAME,COUNTRY_\nann@example.com,Ann,NL\nbob@example.com,Bob,BE\n");
        Assert.Equal(["Succeeded"], Run("(Invoke-ConnectJob Nightly).Status"));
        Assert.Equal(["ann@example.com", "bob@example.com"], Run("Get-ConnectRecord -List Contacts -FilterName Loaded | ForEach-Object EMAIL_ADDRESS_").Order(StringComparer.Ordinal));

        // The next load moves the filter on: Bob changed, Cy is new; Ann is not in this load.
        File.WriteAllText(Path.Combine(inbox, "c_2.csv"), "EMAIL_ADDRESS_,FIRST_NAME,COUNTRY_\nbob@example.com,Robert,NL\ncy@example.com,Cy,DE\n");
        Run("Invoke-ConnectJob Nightly");
        Assert.Equal(["bob@example.com", "cy@example.com"], Run("Get-ConnectRecord -List Contacts -FilterName Loaded | ForEach-Object EMAIL_ADDRESS_").Order(StringComparer.Ordinal));
        Assert.Equal(["bob@example.com"], Run("Get-ConnectRecord -List Contacts -FilterName LoadedNL | ForEach-Object EMAIL_ADDRESS_"));

        // A failed run does not move it.
        File.WriteAllText(Path.Combine(inbox, "c_3.csv"), "NO_EMAIL_HERE\nx\n");
        Assert.Equal(["Failed"], Run("(Invoke-ConnectJob Nightly -ErrorAction SilentlyContinue).Status"));
        Assert.Equal(["bob@example.com", "cy@example.com"], Run("Get-ConnectRecord -List Contacts -FilterName Loaded | ForEach-Object EMAIL_ADDRESS_").Order(StringComparer.Ordinal));

        // An export job sends on the latest load.
        Session.Run($"New-ConnectJob Forward -Source Contacts -FilterName Loaded -TargetDirectory '{Folder}' -FileName 'loaded.csv' -Column EMAIL_ADDRESS_ -NoRunIdPrefix; Invoke-ConnectJob Forward").ShouldSucceed();
        Assert.Equal("EMAIL_ADDRESS_\r\nbob@example.com\r\ncy@example.com\r\n", File.ReadAllText(Path.Combine(Folder, "loaded.csv")));

        Session.Run("New-ConnectFilter Wrong -List Contacts -LatestLoadOf OtherNightly").ShouldFailWith("LatestLoadOfOtherList", ErrorCategory.InvalidArgument);
        Session.Run("New-ConnectFilter Missing -List Contacts -LatestLoadOf NoSuchJob").ShouldFailWith("JobNotFound", ErrorCategory.ObjectNotFound);
    }
}
