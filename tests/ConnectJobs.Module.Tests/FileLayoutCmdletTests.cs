namespace ConnectJobs.Module.Tests;

/// <summary>The store's own file server layout (a Responsys SCP account's upload, download and archive
/// folders): jobs that name no connection and no folder use it.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileLayoutCmdletTests() : SessionTest("cj-layout-")
{
    [Fact]
    public void Jobs_without_a_folder_use_the_stores_upload_download_and_archive_folders()
    {
        var store = Session.Run("Get-ConnectStore").ShouldSucceed().Output.Single();
        var (upload, download, archive) = ((string)store.Properties["UploadFolder"].Value, (string)store.Properties["DownloadFolder"].Value, (string)store.Properties["ArchiveFolder"].Value);
        Assert.Equal(Path.Combine(Session.StoreFolder, "files", "upload"), upload);
        foreach (var folder in new[] { upload, download, archive })
        {
            Assert.True(Directory.Exists(folder), folder);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        }

        Session.Run("New-ConnectList Contacts; New-ConnectJob Inbound -List Contacts -FilePattern 'contacts_*.csv'; New-ConnectJob Outbound -Source Contacts -FileName 'all.csv' -NoRunIdPrefix -Column EMAIL_ADDRESS_").ShouldSucceed();
        File.WriteAllText(Path.Combine(upload, "contacts_1.csv"), "EMAIL_ADDRESS_\nann@example.com\n");

        var statuses = Session.Run("(Invoke-ConnectJob Inbound).Status; (Invoke-ConnectJob Outbound).Status").ShouldSucceed().Output.Select(o => o.ToString());

        Assert.Equal(["Succeeded", "Succeeded"], statuses);
        Assert.True(File.Exists(Path.Combine(archive, "contacts_1.csv")));
        Assert.False(File.Exists(Path.Combine(upload, "contacts_1.csv")));
        Assert.Equal("EMAIL_ADDRESS_\r\nann@example.com\r\n", File.ReadAllText(Path.Combine(download, "all.csv")));
    }
}
