using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

public sealed class TableImportCmdletTests : SessionTest
{
    public TableImportCmdletTests()
        : base("cj-table-import-") => Session.Run("""
        New-ConnectList Contacts
        @{ EMAIL_ADDRESS_ = 'ann@example.com' } | Add-ConnectRecord -List Contacts
        New-ConnectTable Prefs -Type Extension -List Contacts -Column 'NEWSLETTER:Text(20)'
        New-ConnectTable Blocklist -Type Suppression
        """).ShouldSucceed();

    [Fact]
    public void Import_ConnectRecord_merges_into_tables_with_their_options()
    {
        var prefs = Drop("prefs.csv", "EMAIL_ADDRESS_,NEWSLETTER\nann@example.com,weekly\nbob@example.com,daily\n");
        var result = Assert.Single(Session.Run($"Import-ConnectRecord '{prefs}' -Table Prefs -InsertIntoList -WarningAction SilentlyContinue").ShouldSucceed().Output);
        Assert.Equal((2L, 1L), ((long)result.Properties["Inserted"].Value, (long)result.Properties["ListRecordsInserted"].Value));

        var block = Drop("block.csv", "EMAIL_DOMAIN_,REASON_\nSpamTrap.example,trap\n");
        Session.Run($"Import-ConnectRecord '{block}' -Table Blocklist").ShouldSucceed();
        Assert.Equal("spamtrap.example", Session.Run("Get-ConnectRecord -Table Blocklist | ForEach-Object EMAIL_DOMAIN_").ShouldSucceed().Output.Single().ToString());

        Session.Run($"Import-ConnectRecord '{block}' -List Contacts -Remove").ShouldFailWith("ImportOptionNotForTarget", ErrorCategory.InvalidArgument);
        Session.Run($"Import-ConnectRecord '{block}' -Table Contacts").ShouldFailWith("TableNotFound", ErrorCategory.ObjectNotFound);
    }

    [Fact]
    public void An_import_job_can_take_a_table_and_its_runs_count_removals()
    {
        Drop("unsubscribes_1.csv", "EMAIL_ADDRESS_\nann@example.com\n");
        Session.Run($"@{{ EMAIL_ADDRESS_ = 'ann@example.com' }} | Add-ConnectRecord -Table Blocklist; New-ConnectJob Unblock -Table Blocklist -SourceDirectory '{Folder}' -FilePattern 'unsubscribes_*.csv' -Remove").ShouldSucceed();
        Session.Run("Set-ConnectJob Unblock -InsertIntoList:$false").ShouldSucceed();

        var run = Assert.Single(Session.Run("Invoke-ConnectJob Unblock").ShouldSucceed().Output);

        Assert.Equal(("Succeeded", 1L), (run.Properties["Status"].Value.ToString(), (long)run.Properties["Removed"].Value));
        Assert.Empty(Session.Run("Get-ConnectRecord -Table Blocklist").ShouldSucceed().Output);
        Assert.Equal("Blocklist", Session.Run("(Get-ConnectJob Unblock).Settings.TargetTable").ShouldSucceed().Output.Single().ToString());
    }

    [Fact]
    public void An_import_job_can_put_each_file_into_a_new_extension_table_that_expires()
    {
        Session.Run("@{ EMAIL_ADDRESS_ = 'bob@example.com' } | Add-ConnectRecord -List Contacts").ShouldSucceed();
        var file = Drop("vouchers_1.csv", "EMAIL_ADDRESS_,VOUCHER,EMAIL_PERMISSION_STATUS_\nAnn@Example.com,SPRING10,I\nbob@example.com,SPRING20,I\nnobody@example.com,SPRING30,I\n");
        Session.Run($"New-ConnectJob Vouchers -List Contacts -SourceDirectory '{Folder}' -FilePattern 'vouchers_*.csv' -AutoExtensionTableDays 30").ShouldSucceed();

        // A preview makes the table only to show what would happen.
        Assert.Equal(2L, (long)Assert.Single(Session.Run("Invoke-ConnectJob Vouchers -WhatIf").ShouldSucceed().Output).Properties["Inserted"].Value);
        Assert.Equal(["Prefs"], Session.Run("Get-ConnectTable -List Contacts | ForEach-Object Name").ShouldSucceed().Output.Select(o => o.ToString()));

        var run = Assert.Single(Session.Run("Invoke-ConnectJob Vouchers -WarningAction SilentlyContinue").ShouldSucceed().Output);
        Assert.Equal(("PartiallySucceeded", 2L, 1L), (run.Properties["Status"].Value.ToString(), (long)run.Properties["Inserted"].Value, (long)run.Properties["Rejected"].Value));
        var name = $"Vouchers_{run.Properties["RunId"].Value}";
        var table = Assert.Single(Session.Run($"Get-ConnectTable '{name}'").ShouldSucceed().Output);
        Assert.Equal("Contacts", table.Properties["List"].Value);
        Assert.Equal(["RIID_", "CREATED_DATE_", "MODIFIED_DATE_", "VOUCHER"], ((System.Collections.IEnumerable)table.Properties["Columns"].Value).Cast<object>().Select(c => PSObject.AsPSObject(c).Properties["Name"].Value.ToString()));
        var expires = (DateTime)table.Properties["Expires"].Value;
        Assert.InRange(expires, DateTime.UtcNow.AddDays(29.9), DateTime.UtcNow.AddDays(30.1));
        Assert.Equal(["SPRING10", "SPRING20"], Session.Run($"Get-ConnectRecord -Table '{name}' | ForEach-Object VOUCHER").ShouldSucceed().Output.Select(o => o.ToString()).Order());
        Assert.Contains(Session.Run("Get-ConnectJobRun Vouchers | Get-ConnectJobLog | ForEach-Object Message").ShouldSucceed().Output, m => m.ToString()!.Contains($"new extension table '{name}'", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(Folder, "archive", "vouchers_1.csv")));

        // A file that cannot make a table fails the run and leaves none behind.
        Drop("vouchers_2.csv", "EMAIL_ADDRESS_,BAD NAME\nann@example.com,x\n");
        Session.Run("Invoke-ConnectJob Vouchers").ShouldFailWith("InvalidColumnName", ErrorCategory.OperationStopped);
        Assert.Equal(["Prefs", name], Session.Run("Get-ConnectTable -List Contacts | ForEach-Object Name").ShouldSucceed().Output.Select(o => o.ToString()));
        Assert.True(File.Exists(Path.Combine(Folder, "vouchers_2.csv")));

        Session.Run($"New-ConnectJob Blocked -Table Blocklist -SourceDirectory '{Folder}' -FilePattern 'x.csv' -AutoExtensionTableDays 5").ShouldFailWith("ImportOptionNotForTarget", ErrorCategory.InvalidArgument);
        Session.Run("Set-ConnectJob Vouchers -AutoExtensionTableDays 0").ShouldSucceed();
        Assert.Null(Session.Run("(Get-ConnectJob Vouchers).Settings.AutoExtensionTableDays").ShouldSucceed().Output.Single());
    }
}
