using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

public sealed class TableImportCmdletTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("cj-table-import-").FullName;

    public TableImportCmdletTests() => _session.Run("""
        New-ConnectList Contacts
        @{ EMAIL_ADDRESS_ = 'ann@example.com' } | Add-ConnectRecord -List Contacts
        New-ConnectTable Prefs -Type Extension -List Contacts -Column 'NEWSLETTER:Text(20)'
        New-ConnectTable Blocklist -Type Suppression
        """).ShouldSucceed();

    public void Dispose()
    {
        _session.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string Drop(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Import_ConnectRecord_merges_into_tables_with_their_options()
    {
        var prefs = Drop("prefs.csv", "EMAIL_ADDRESS_,NEWSLETTER\nann@example.com,weekly\nbob@example.com,daily\n");
        var result = Assert.Single(_session.Run($"Import-ConnectRecord '{prefs}' -Table Prefs -InsertIntoList -WarningAction SilentlyContinue").ShouldSucceed().Output);
        Assert.Equal((2L, 1L), ((long)result.Properties["Inserted"].Value, (long)result.Properties["ListRecordsInserted"].Value));

        var block = Drop("block.csv", "EMAIL_DOMAIN_,REASON_\nSpamTrap.example,trap\n");
        _session.Run($"Import-ConnectRecord '{block}' -Table Blocklist").ShouldSucceed();
        Assert.Equal("spamtrap.example", _session.Run("Get-ConnectRecord -Table Blocklist | ForEach-Object EMAIL_DOMAIN_").ShouldSucceed().Output.Single().ToString());

        _session.Run($"Import-ConnectRecord '{block}' -List Contacts -Remove").ShouldFailWith("ImportOptionNotForTarget", ErrorCategory.InvalidArgument);
        _session.Run($"Import-ConnectRecord '{block}' -Table Contacts").ShouldFailWith("TableNotFound", ErrorCategory.ObjectNotFound);
    }

    [Fact]
    public void An_import_job_can_take_a_table_and_its_runs_count_removals()
    {
        Drop("unsubscribes_1.csv", "EMAIL_ADDRESS_\nann@example.com\n");
        _session.Run($"@{{ EMAIL_ADDRESS_ = 'ann@example.com' }} | Add-ConnectRecord -Table Blocklist; New-ConnectJob Unblock -Table Blocklist -SourceDirectory '{_folder}' -FilePattern 'unsubscribes_*.csv' -Remove").ShouldSucceed();
        _session.Run("Set-ConnectJob Unblock -InsertIntoList:$false").ShouldSucceed();

        var run = Assert.Single(_session.Run("Invoke-ConnectJob Unblock").ShouldSucceed().Output);

        Assert.Equal(("Succeeded", 1L), (run.Properties["Status"].Value.ToString(), (long)run.Properties["Removed"].Value));
        Assert.Empty(_session.Run("Get-ConnectRecord -Table Blocklist").ShouldSucceed().Output);
        Assert.Equal("Blocklist", _session.Run("(Get-ConnectJob Unblock).Settings.TargetTable").ShouldSucceed().Output.Single().ToString());
    }
}
