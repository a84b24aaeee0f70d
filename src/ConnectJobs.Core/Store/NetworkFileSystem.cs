namespace ConnectJobs.Store;

/// <summary>Tells whether a folder is on a network file system, where SQLite's file locks do not hold.</summary>
internal static class NetworkFileSystem
{
    private static readonly HashSet<string> NetworkTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "9p", "fuse.sshfs", "sshfs", "ncpfs", "fuse.glusterfs", "glusterfs", "ceph", "fuse.rclone", "davfs", "fuse.davfs2",
    };

    /// <summary>The file system type when the folder is on a network share; otherwise null.</summary>
    public static string? Detect(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            if (folder.StartsWith(@"\\", StringComparison.Ordinal))
            {
                return "UNC share";
            }

            var root = Path.GetPathRoot(folder);
            return root is not null && new DriveInfo(root).DriveType == DriveType.Network ? "network drive" : null;
        }

        return OperatingSystem.IsLinux() && File.Exists("/proc/self/mounts") ? FromMounts(folder, File.ReadLines("/proc/self/mounts")) : null;
    }

    /// <summary>Reads Linux mount table lines (device, mount point, type, ...): the mount with the
    /// longest mount point that contains the folder is the one it lives on.</summary>
    internal static string? FromMounts(string folder, IEnumerable<string> mounts)
    {
        string? bestType = null;
        var bestLength = -1;
        foreach (var line in mounts)
        {
            var parts = line.Split(' ');
            if (parts.Length < 3)
            {
                continue;
            }

            var mountPoint = parts[1].Replace("\\040", " ", StringComparison.Ordinal);
            var contains = mountPoint == "/" || folder == mountPoint || folder.StartsWith(mountPoint + "/", StringComparison.Ordinal);
            if (contains && mountPoint.Length > bestLength)
            {
                bestLength = mountPoint.Length;
                bestType = parts[2];
            }
        }

        return bestType is not null && NetworkTypes.Contains(bestType) ? bestType : null;
    }
}
