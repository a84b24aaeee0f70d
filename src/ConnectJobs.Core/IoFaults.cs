using System.Globalization;

namespace ConnectJobs;

/// <summary>Faults of the machine that any file write can meet, said the same way wherever they happen.</summary>
internal static class IoFaults
{
    /// <summary>ENOSPC (Linux, macOS) or ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL (Windows).</summary>
    public static bool IsDiskFull(IOException e) => e.HResult is 28 or unchecked((int)0x80070070) or unchecked((int)0x80070027);

    public static ConnectException DiskFull(string path, Exception e) =>
        new(ErrorIds.DiskFull, ErrorKind.ResourceUnavailable, path, string.Format(CultureInfo.CurrentCulture, Messages.DiskFull, path, e.Message), e);
}
