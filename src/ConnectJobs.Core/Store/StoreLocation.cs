namespace ConnectJobs.Store;

/// <summary>Where a store was chosen from, in the order they take precedence.</summary>
public enum StoreSource
{
    /// <summary>Chosen for this PowerShell session with Open-ConnectStore.</summary>
    Session,

    /// <summary>Named by the CONNECTJOBS_STORE environment variable.</summary>
    Environment,

    /// <summary>The per-user default folder.</summary>
    Default,
}

/// <summary>Finds the store folder: a session's choice, else <c>$env:CONNECTJOBS_STORE</c>, else the
/// per-user data folder of the platform.</summary>
public static class StoreLocation
{
    public const string EnvironmentVariable = "CONNECTJOBS_STORE";

    public static (string Path, StoreSource Source) Resolve(string? sessionChoice)
    {
        if (!string.IsNullOrWhiteSpace(sessionChoice))
        {
            return (System.IO.Path.GetFullPath(sessionChoice), StoreSource.Session);
        }

        var fromEnvironment = System.Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return (System.IO.Path.GetFullPath(fromEnvironment), StoreSource.Environment);
        }

        return (DefaultPath(), StoreSource.Default);
    }

    /// <summary><c>%LOCALAPPDATA%\ConnectJobs</c> on Windows; <c>$XDG_DATA_HOME/ConnectJobs</c>, else
    /// <c>~/.local/share/ConnectJobs</c>, elsewhere.</summary>
    public static string DefaultPath()
    {
        if (OperatingSystem.IsWindows())
        {
            return System.IO.Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.LocalApplicationData), "ConnectJobs");
        }

        var xdg = System.Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var root = System.IO.Path.IsPathRooted(xdg)
            ? xdg!
            : System.IO.Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".local", "share");
        return System.IO.Path.Combine(root, "ConnectJobs");
    }
}
