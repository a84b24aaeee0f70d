using System.Reflection;
using System.Runtime.Loader;

namespace ConnectJobs.Commands.Loading;

/// <summary>The private load context of the engine (ConnectJobs.Core) and everything it depends on:
/// Microsoft.Data.Sqlite, SQLitePCLRaw and the native e_sqlite3 of the platform, later SSH.NET and
/// CsvHelper. Another module's copy of any of them, in the default context, neither breaks ConnectJobs
/// nor is broken by it.</summary>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;

    private EngineLoadContext(string enginePath)
        : base("ConnectJobs.Engine", isCollectible: false)
    {
        EnginePath = enginePath;

        // The resolver reads ConnectJobs.Core.deps.json, which names each package assembly and the
        // native library of every runtime identifier (runtimes/<rid>/native/), which PowerShell
        // itself never probes.
        _resolver = new AssemblyDependencyResolver(enginePath);
    }

    public static EngineLoadContext Instance { get; } = new(Path.Combine(
        Path.GetDirectoryName(typeof(EngineLoadContext).Assembly.Location)!, "Dependencies", "ConnectJobs.Core.dll"));

    public string EnginePath { get; }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Framework assemblies are not in the deps file: null lets the default context supply them.
        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
