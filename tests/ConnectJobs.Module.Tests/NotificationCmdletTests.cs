using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

/// <summary>A job's notification as a user sets it; delivery to real servers is in NotificationTests.</summary>
public sealed class NotificationCmdletTests : SessionTest
{
    public NotificationCmdletTests()
        : base("cj-notify-") => Session.Run(
            "New-ConnectList Contacts; " +
            "New-ConnectConnection Mail 127.0.0.1 -Protocol Smtp -Port 2525 -Credential ([pscredential]::new('cj@example.com', [System.Net.NetworkCredential]::new('', 's3cret').SecurePassword))").ShouldSucceed();

    [Fact]
    public void A_job_keeps_who_hears_about_its_runs_and_an_unworkable_notification_is_refused()
    {
        Session.Run($"New-ConnectJob Nightly -List Contacts -SourceDirectory '{Folder}' -FilePattern 'c_*.csv' -NotifyEmail ops@example.com").ShouldFailWith("InvalidNotification", ErrorCategory.InvalidArgument);
        Session.Run($"New-ConnectJob Nightly -List Contacts -SourceDirectory '{Folder}' -FilePattern 'c_*.csv' -NotifyWebhook 'ftp://example.com/x'").ShouldFailWith("InvalidNotification", ErrorCategory.InvalidArgument);
        Assert.Empty(Session.Run("Get-ConnectJob").ShouldSucceed().Output);

        Session.Run($"New-ConnectJob Nightly -List Contacts -SourceDirectory '{Folder}' -FilePattern 'c_*.csv' -NotifyOn Always -NotifyEmail ops@example.com, dba@example.com -MailConnection mail -NotifyWebhook 'https://chat.example.com/hook'").ShouldSucceed();
        Assert.Equal(["Always", "ops@example.com dba@example.com", "Mail", "https://chat.example.com/hook"],
            Session.Run("(Get-ConnectJob Nightly).Settings.Notify | ForEach-Object { $_.When; $_.Email -join ' '; $_.MailConnection; $_.Webhook }").ShouldSucceed().Output.Select(o => o.ToString()));

        Session.Run("Set-ConnectJob Nightly -NotifyOn Failure -NotifyWebhook ''").ShouldSucceed();
        Assert.Equal(["Failure", "True"], Session.Run("(Get-ConnectJob Nightly).Settings.Notify | ForEach-Object { $_.When; $null -eq $_.Webhook }").ShouldSucceed().Output.Select(o => o.ToString()));
    }

    [Fact]
    public void A_mail_server_connection_is_not_a_place_for_files()
    {
        Session.Run($"New-ConnectJob Pull -List Contacts -Connection Mail -SourceDirectory in -FilePattern 'c_*.csv'").ShouldSucceed();
        Assert.Equal("ConnectionNotForFiles", Session.Run("(Invoke-ConnectJob Pull -ErrorAction SilentlyContinue).ErrorId").Output.Single().ToString());
    }
}
