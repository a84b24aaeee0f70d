using System.Reflection;
using System.Runtime.Loader;

namespace ConnectJobs.Host;

/// <summary>connectjobs-run -Tick [-Store folder|uri]: the tick a scheduler starts every minute. It asks
/// the module's engine, without PowerShell, whether anything is due, and starts the engine for
/// <see cref="Command"/> only then, so a minute with nothing due costs a few tens of milliseconds.</summary>
internal static class Tick
{
    public const string Command = "Invoke-ConnectJob -Due";

    /// <summary>Reads the arguments after -Tick: nothing, or -Store with a folder, which becomes the
    /// process's CONNECTJOBS_STORE (what the module reads when no session chose a store).</summary>
    public static bool TryParse(string[] arguments)
    {
        if (arguments.Length == 0)
        {
            return true;
        }

        if (arguments.Length != 2 || !arguments[0].Equals("-Store", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(arguments[1]))
        {
            return false;
        }

        // A folder is made absolute; a PostgreSQL store's URI or connection string is kept as it is.
        var store = arguments[1].Contains("://", StringComparison.Ordinal) || arguments[1].Contains('=', StringComparison.Ordinal) ? arguments[1] : Path.GetFullPath(arguments[1]);
        Environment.SetEnvironmentVariable("CONNECTJOBS_STORE", store);
        return true;
    }

    /// <summary>Whether the whole tick must run. The probe is loaded from the module's own folder into
    /// the default context, where Import-Module then finds the same assembly; anything that keeps it
    /// from answering (no module there) is left to the whole tick to report.</summary>
    public static bool HasWork(string modulePath)
    {
        var assembly = Path.Combine(Path.GetDirectoryName(modulePath)!, "ConnectJobs.dll");
        if (!File.Exists(assembly))
        {
            return true;
        }

        var probe = AssemblyLoadContext.Default.LoadFromAssemblyPath(assembly).GetType("ConnectJobs.Commands.Loading.TickProbe", throwOnError: true)!;
        return (bool)probe.InvokeMember("HasWork", BindingFlags.InvokeMethod | BindingFlags.Public | BindingFlags.Static, null, null, [null], System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
