namespace ConnectJobs.Core.Tests;

/// <summary>Test traits for the inner loop: <c>dotnet test --filter "Category!=Server&amp;Category!=Slow"</c>
/// runs what needs neither root nor real servers nor large data, in well under two minutes.</summary>
public static class TestCategory
{
    /// <summary>Starts real servers (sshd, vsftpd) with throwaway users, or mounts a tmpfs: needs root.</summary>
    public const string Server = "Server";

    /// <summary>Moves a million rows or a gigabyte through the real thing.</summary>
    public const string Slow = "Slow";
}
