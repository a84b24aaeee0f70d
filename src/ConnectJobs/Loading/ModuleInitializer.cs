using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace ConnectJobs.Commands.Loading;

/// <summary>Sends the default load context's request for the engine to the private context. Only the
/// engine's own name is answered here; its dependencies are then resolved inside the private context.
/// Every runspace that imports the module calls OnImport, so the handler is counted, not stacked.</summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string EngineName = "ConnectJobs.Core";
    private static readonly object Gate = new();
    private static int _imports;

    public void OnImport()
    {
        lock (Gate)
        {
            if (_imports++ == 0)
            {
                AssemblyLoadContext.Default.Resolving += ResolveEngine;
            }
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        lock (Gate)
        {
            if (--_imports == 0)
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
