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

/// <summary>Finds the store: a session's choice, else <c>$env:CONNECTJOBS_STORE</c>, else the per-user
/// data folder of the platform. A choice is a folder (SQLite) or a PostgreSQL connection string or
/// <c>postgresql://</c> URI.</summary>
public static class StoreLocation
{
    public const string EnvironmentVariable = "CONNECTJOBS_STORE";

    public static (string Path, StoreSource Source) Resolve(string? sessionChoice)
    {
        if (!string.IsNullOrWhiteSpace(sessionChoice))
        {
            return (Full(sessionChoice), StoreSource.Session);
        }

        var fromEnvironment = System.Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return (Full(fromEnvironment), StoreSource.Environment);
        }

        return (DefaultPath(), StoreSource.Default);
    }

    // A PostgreSQL store's connection string or URI is kept as it is; a folder is made absolute.
    private static string Full(string location) => PostgresLocation.IsPostgres(location) ? location : System.IO.Path.GetFullPath(location);

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
