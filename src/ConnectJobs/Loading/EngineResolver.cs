using System.Reflection;
using System.Runtime.Loader;

namespace ConnectJobs.Commands.Loading;

/// <summary>Sends the default load context's request for the engine to the private context. Only the
/// engine's own name is answered here; its dependencies are then resolved inside the private context.
/// Kept apart from <see cref="ModuleInitializer"/> because the tick probe needs it without PowerShell;
/// attachments are counted (every runspace that imports the module attaches), not stacked.</summary>
internal static class EngineResolver
{
    private const string EngineName = "ConnectJobs.Core";
    private static readonly object Gate = new();
    private static int _attached;

    public static void Attach()
    {
        lock (Gate)
        {
            if (_attached++ == 0)
            {
                AssemblyLoadContext.Default.Resolving += ResolveEngine;
            }
        }
    }

    public static void Detach()
    {
        lock (Gate)
        {
            if (--_attached == 0)
            {
                AssemblyLoadContext.Default.Resolving -= ResolveEngine;
            }
        }
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
        string.Equals(name.Name, EngineName, StringComparison.Ordinal)
            ? EngineLoadContext.Instance.LoadFromAssemblyName(name)
            : null;
}
