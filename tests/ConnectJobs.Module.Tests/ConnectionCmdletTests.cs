using System.Management.Automation;
using ConnectJobs.Core.Tests;

namespace ConnectJobs.Module.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Trait("Category", TestCategory.Server)]
public sealed class ConnectionCmdletTests : IClassFixture<SshServer>, IClassFixture<FtpsServer>, IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly SshServer _server;
    private readonly FtpsServer _ftps;

    public ConnectionCmdletTests(SshServer server, FtpsServer ftps)
    {
        _server = server;
        _ftps = ftps;
        _session.Run(
            $"$env:CONNECTJOBS_SECRET_KEY = '{Path.Combine(_session.StoreFolder, "secret.key")}'; " +
            $"$credential = [pscredential]::new('{server.User}', [System.Net.NetworkCredential]::new('', '{server.Password}').SecurePassword); " +
            $"New-ConnectConnection Partner 127.0.0.1 -Port {server.Port} -Credential $credential -Timeout '00:00:10'").ShouldSucceed();
    }

    public void Dispose() => _session.Dispose();

    [Fact]
    public void A_host_key_is_pinned_only_when_approved_and_then_the_connection_works()
    {
        var refused = _session.Run("Test-ConnectConnection Partner");
        var test = Assert.Single(refused.Output);
        Assert.Equal((false, _server.HostKeyFingerprint), ((bool)test.Properties["Succeeded"].Value, (string)test.Properties["HostKeyFingerprint"].Value));
        refused.ShouldFailWith("HostKeyNotTrusted", ErrorCategory.ConnectionError);

        _session.Run("Test-ConnectConnection Partner -TrustHostKey -WhatIf").ShouldFailWith("HostKeyNotTrusted", ErrorCategory.ConnectionError);
        Assert.Empty(_session.Run("(Get-ConnectConnection Partner).HostKeyFingerprints").ShouldSucceed().Output);

        var trusted = Assert.Single(_session.Run("Test-ConnectConnection Partner -TrustHostKey -Confirm:$false").ShouldSucceed().Output);
        Assert.True((bool)trusted.Properties["Succeeded"].Value);
        Assert.Equal([_server.HostKeyFingerprint], _session.Run("(Get-ConnectConnection Partner).HostKeyFingerprints").ShouldSucceed().Output.Select(o => o.ToString()));
        Assert.True((bool)_session.Run("(Get-ConnectConnection Partner).HasSecret").ShouldSucceed().Output.Single().BaseObject);
        Assert.DoesNotContain(_session.Run("Get-ConnectConnection Partner | ForEach-Object { $_.PSObject.Properties.Value }").ShouldSucceed().Output, v => v?.ToString() == _server.Password);

        _session.Run("Set-ConnectConnection Partner -Credential ([pscredential]::new('nobody', [System.Net.NetworkCredential]::new('', 'x').SecurePassword))").ShouldSucceed();
        _session.Run("Test-ConnectConnection Partner").ShouldFailWith("AuthenticationFailed", ErrorCategory.ConnectionError);
    }

    [Fact]
    public void An_import_job_reads_from_the_connection_and_a_used_connection_cannot_be_removed()
    {
        _session.Run($"Set-ConnectConnection Partner -HostKeyFingerprint '{_server.HostKeyFingerprint}'").ShouldSucceed();
        var inbox = _server.NewFolder();
        File.WriteAllText(Path.Combine(_server.Home, inbox, "c_1.csv"), "EMAIL_ADDRESS_\nann@example.com\n");
        _session.Run($"New-ConnectList Contacts; New-ConnectJob Pull -List Contacts -Connection Partner -SourceDirectory '{inbox}' -FilePattern 'c_*.csv'").ShouldSucceed();

        // Just written: on a server a file waits 30 seconds by default, as the sender may still be at it.
        // Nothing ready yet is not a failure: no error, a Waiting run that names the file, a warning.
        var waiting = _session.Run("Invoke-ConnectJob Pull -WarningVariable w; $w.Count").ShouldSucceed().Output;
        Assert.Equal(("Waiting", "c_1.csv", 1), (waiting[0].Properties["Status"].Value.ToString(), ((IEnumerable<string>)waiting[0].Properties["Files"].Value).Single(), (int)waiting[1].BaseObject));
        _session.Run("Set-ConnectJob Pull -SettlingTime 0").ShouldSucceed();

        var run = Assert.Single(_session.Run("Invoke-ConnectJob Pull").ShouldSucceed().Output);

        Assert.Equal(("Succeeded", 1L), (run.Properties["Status"].Value.ToString(), (long)run.Properties["Inserted"].Value));
        Assert.True(File.Exists(Path.Combine(_server.Home, inbox, "archive", "c_1.csv")));
        _session.Run("Remove-ConnectConnection Partner -Confirm:$false").ShouldFailWith("ConnectionInUse", ErrorCategory.InvalidOperation);
        _session.Run("Set-ConnectJob Pull -Connection Nowhere").ShouldFailWith("ConnectionNotFound", ErrorCategory.ObjectNotFound);
    }

    [Fact]
    public void An_export_job_delivers_through_an_FTPS_connection_whose_certificate_was_approved()
    {
        var outbox = _ftps.NewFolder();
        _session.Run(
            $"New-ConnectConnection Shop localhost -Protocol Ftps -Port {_ftps.Port} -Credential ([pscredential]::new('{_ftps.User}', [System.Net.NetworkCredential]::new('', '{_ftps.Password}').SecurePassword)); " +
            "New-ConnectList Contacts; @{ EMAIL_ADDRESS_ = 'ann@example.com' } | Add-ConnectRecord -List Contacts").ShouldSucceed();

        var approved = Assert.Single(_session.Run("Test-ConnectConnection Shop -TrustHostKey -Confirm:$false").ShouldSucceed().Output);
        Assert.Equal(_ftps.CertificateFingerprint, (string)approved.Properties["HostKeyFingerprint"].Value);

        _session.Run($"New-ConnectJob Push -Source Contacts -Connection Shop -TargetDirectory '{outbox}' -FileName 'contacts.csv' -Column EMAIL_ADDRESS_ -NoRunIdPrefix").ShouldSucceed();
        var run = Assert.Single(_session.Run("Invoke-ConnectJob Push").ShouldSucceed().Output);

        Assert.Equal(("Succeeded", 1L), (run.Properties["Status"].Value.ToString(), (long)run.Properties["RowsWritten"].Value));
        Assert.Equal("EMAIL_ADDRESS_\r\nann@example.com\r\n", File.ReadAllText(Path.Combine(_ftps.Home, outbox, "contacts.csv")));
    }

    [Fact]
    public void Jobs_move_files_both_ways_through_SFTP_FTPS_and_local_connections_in_the_hosted_engine()
    {
        var folder = _server.NewFolder();
        Directory.CreateDirectory(Path.Combine(_ftps.Home, folder));
        File.SetUnixFileMode(Path.Combine(_ftps.Home, folder), (UnixFileMode)0x1FF);

        File.WriteAllText(Path.Combine(_ftps.Home, folder, "in_1.csv"), "EMAIL_ADDRESS_\ncy@example.com\n");
        var local = Directory.CreateTempSubdirectory("cj-local-").FullName;
        _session.Run(
            $"Set-ConnectConnection Partner -HostKeyFingerprint '{_server.HostKeyFingerprint}'; " +
            $"New-ConnectConnection Shop localhost -Protocol Ftps -Port {_ftps.Port} -HostKeyFingerprint '{_ftps.CertificateFingerprint}' -Credential ([pscredential]::new('{_ftps.User}', [System.Net.NetworkCredential]::new('', '{_ftps.Password}').SecurePassword)); " +
            $"New-ConnectConnection Exchange -Protocol Local -BaseDirectory '{local}'; " +
            $"New-ConnectList Contacts; " +
            $"New-ConnectJob FromShop -List Contacts -Connection Shop -SourceDirectory '{folder}' -FilePattern 'in_*.csv' -SettlingTime 0; " +
            $"New-ConnectJob ToPartner -Source Contacts -Connection Partner -TargetDirectory '{folder}' -FileName 'out.csv' -Column EMAIL_ADDRESS_ -NoRunIdPrefix; " +
            $"New-ConnectJob ToExchange -Source Contacts -Connection Exchange -TargetDirectory 'drop' -FileName 'out.csv' -Column EMAIL_ADDRESS_ -NoRunIdPrefix").ShouldSucceed();
        Directory.CreateDirectory(Path.Combine(local, "drop"));

        var statuses = _session.Run("'FromShop', 'ToPartner', 'ToExchange' | ForEach-Object { (Invoke-ConnectJob $_).Status }").ShouldSucceed().Output.Select(o => o.ToString());

        Assert.Equal(["Succeeded", "Succeeded", "Succeeded"], statuses);
        Assert.True(File.Exists(Path.Combine(_ftps.Home, folder, "archive", "in_1.csv")));
        Assert.Equal("EMAIL_ADDRESS_\r\ncy@example.com\r\n", File.ReadAllText(Path.Combine(_server.Home, folder, "out.csv")));
        Assert.Equal("EMAIL_ADDRESS_\r\ncy@example.com\r\n", File.ReadAllText(Path.Combine(local, "drop", "out.csv")));
        // A directory that leaves the connection's base is refused when the job is changed, not at its next run.
        _session.Run("Set-ConnectJob ToExchange -TargetDirectory '../..'").ShouldFailWith("UnsafeRemoteName", ErrorCategory.InvalidArgument);
        Assert.Equal("drop", _session.Run("(Get-ConnectJob ToExchange).Settings.TargetDirectory").ShouldSucceed().Output.Single().ToString());
        _session.Run("New-ConnectConnection Nowhere -Protocol Sftp").ShouldFailWith("ServerDetailsRequired", ErrorCategory.InvalidArgument);
        Directory.Delete(local, recursive: true);
    }

    [Fact]
    public void A_key_pair_made_for_a_connection_logs_in_once_the_partner_installs_its_public_key()
    {
        _session.Run($"Set-ConnectConnection Partner -HostKeyFingerprint '{_server.HostKeyFingerprint}'").ShouldSucceed();
        var key = Assert.Single(_session.Run("New-ConnectSshKey Partner -Comment 'cj-test'").ShouldSucceed().Output);
        var line = (string)key.Properties["PublicKey"].Value;
        Assert.StartsWith("ssh-ed25519 ", line);
        Assert.EndsWith(" cj-test", line);

        // OpenSSH's own tools agree on the key and its fingerprint.
        var publicFile = Path.Combine(_session.StoreFolder, "partner.pub");
        File.WriteAllText(publicFile, line + "\n");
        var keygen = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ssh-keygen", ["-l", "-E", "sha256", "-f", publicFile]) { RedirectStandardOutput = true })!;
        var printed = keygen.StandardOutput.ReadToEnd();
        keygen.WaitForExit();
        Assert.Equal((string)key.Properties["Fingerprint"].Value, printed.Split(' ')[1]);

        Assert.Equal("StoredKey", _session.Run("(Get-ConnectConnection Partner).Authentication").ShouldSucceed().Output.Single().ToString());
        _session.Run("Test-ConnectConnection Partner").ShouldFailWith("AuthenticationFailed", ErrorCategory.ConnectionError);
        File.AppendAllText(Path.Combine(_server.Folder, "authorized_keys"), line + "\n");
        Assert.True((bool)Assert.Single(_session.Run("Test-ConnectConnection Partner").ShouldSucceed().Output).Properties["Succeeded"].Value);

        _session.Run("New-ConnectSshKey Partner").ShouldFailWith("SshKeyExists", ErrorCategory.ResourceExists);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var control = Path.Combine(_session.StoreFolder, "control.db");
        var stored = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(control)) + (File.Exists(control + "-wal") ? System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(control + "-wal")) : "");
        Assert.DoesNotContain("OPENSSH PRIVATE KEY", stored);
        _session.Run($"New-ConnectConnection Plain -Protocol Local -BaseDirectory '{_session.StoreFolder}'; New-ConnectSshKey Plain").ShouldFailWith("SshKeyNeedsSftp", ErrorCategory.InvalidArgument);
    }
}
