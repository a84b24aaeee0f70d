using System.Management.Automation;

namespace ConnectJobs.Commands.Loading;

/// <summary>Makes the engine reachable while the module is imported (see <see cref="EngineResolver"/>).</summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport() => EngineResolver.Attach();

    public void OnRemove(PSModuleInfo psModuleInfo) => EngineResolver.Detach();
}
