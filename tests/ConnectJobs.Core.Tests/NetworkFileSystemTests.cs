using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

public class NetworkFileSystemTests
{
    private static readonly string[] Mounts =
    [
        "/dev/sda1 / ext4 rw,relatime 0 0",
        "server:/export /mnt/nfs nfs4 rw,relatime 0 0",
        "//filer/share /mnt/smb\\040share cifs rw 0 0",
        "/dev/sdb1 /mnt/nfs/local ext4 rw 0 0",
        "tmpfs /mnt/nfsish tmpfs rw 0 0",
    ];

    [Theory]
    [InlineData("/var/lib/connectjobs", null)]
    [InlineData("/mnt/nfs", "nfs4")]
    [InlineData("/mnt/nfs/stores/main", "nfs4")]
    [InlineData("/mnt/nfs/local/store", null)]
    [InlineData("/mnt/nfsish/store", null)]
    [InlineData("/mnt/smb share/store", "cifs")]
    public void The_mount_a_folder_lives_on_decides(string folder, string? expected) =>
        Assert.Equal(expected, NetworkFileSystem.FromMounts(folder, Mounts));

    [Fact]
    public async Task A_store_on_a_local_disk_has_no_warning()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cj-core-" + Guid.NewGuid().ToString("N"));
        Assert.Empty((await SqliteStore.OpenAsync(folder, CancellationToken.None)).Warnings);
    }
}
