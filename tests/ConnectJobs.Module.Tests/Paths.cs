using System.Diagnostics;

namespace ConnectJobs.Module.Tests;

/// <summary>Where the assembled module and host are, and throwaway folders.</summary>
public static class Paths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ModuleFolder => Path.Combine(RepoRoot, "out", "ConnectJobs");

    public static string ModuleManifest => Path.Combine(ModuleFolder, "ConnectJobs.psd1");

    public static string HostDll => Path.Combine(RepoRoot, "out", "host", "connectjobs-run.dll");

    public static string NewTempFolder() => Path.Combine(Path.GetTempPath(), "cj-test-" + Guid.NewGuid().ToString("N"));

    public static void DeleteFolder(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs connectjobs-run with the arguments; the store comes from the environment given.</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunHost(IDictionary<string, string?> environment, params string[] arguments)
    {
        using var process = StartHost(environment, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"connectjobs-run {string.Join(' ', arguments)} did not finish in 2 minutes");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts connectjobs-run and leaves it running (its output is redirected, unread).</summary>
    public static Process StartHost(IDictionary<string, string?> environment, params string[] arguments)
    {
        // As cron and systemd start it: with SIGINT and SIGTERM at their defaults, even when these
        // tests run in a background job (whose shell ignores SIGINT, and children inherit that).
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("--default-signal=INT,TERM");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(HostDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConnectJobs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ConnectJobs.sln not found above " + AppContext.BaseDirectory);
    }
}
