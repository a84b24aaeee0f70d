using ConnectJobs.Core.Tests;

namespace ConnectJobs.Module.Tests;

/// <summary>An import job whose decryption key has a passphrase, set up as a user would.</summary>
public sealed class JobSecretCmdletTests : SessionTest, IClassFixture<Gpg>
{
    private readonly Gpg _gpg;

    public JobSecretCmdletTests(Gpg gpg)
        : base("cj-jobsecret-") => _gpg = gpg;

    [Fact]
    public void A_job_keeps_the_passphrase_of_its_decryption_key_and_never_shows_it()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(Folder, "in")).FullName;
        var plain = Drop("plain.txt", "EMAIL_ADDRESS_\nann@example.com\n");
        _gpg.Encrypt(plain, Path.Combine(inbox, "c_1.csv.asc"), armor: true, recipient: "guarded@example.com");
        Session.Run($"""
            New-ConnectList Contacts
            $passphrase = [pscredential]::new('key', [System.Net.NetworkCredential]::new('', '{Gpg.SigningPassphrase}').SecurePassword)
            New-ConnectJob Encrypted -List Contacts -SourceDirectory '{inbox}' -FilePattern 'c_*.csv.asc' -DecryptionKeyFile '{_gpg.GuardedSecretKey}' -DecryptionCredential $passphrase
            """).ShouldSucceed();

        var run = Session.Run("Invoke-ConnectJob Encrypted").ShouldSucceed().Output.Single();

        Assert.Equal(("Succeeded", 1L), (run.Properties["Status"].Value.ToString(), (long)run.Properties["Inserted"].Value));
        var shown = Session.Run("Get-ConnectJob Encrypted | ForEach-Object { [System.Text.Json.JsonSerializer]::Serialize($_.Settings, $_.Settings.GetType()) }").ShouldSucceed().Output.Single().ToString();
        Assert.DoesNotContain(Gpg.SigningPassphrase, shown);
        Assert.Contains("guarded-secret.asc", shown);
    }
}
