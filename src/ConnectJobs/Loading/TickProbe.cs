using System.Data.Common;
using System.Runtime.CompilerServices;
using ConnectJobs.Store;

namespace ConnectJobs.Commands.Loading;

/// <summary>What <c>connectjobs-run -Tick</c> asks before it starts PowerShell, whose start costs most
/// of a second every minute. The host loads this from the module folder, the very file Import-Module
/// loads next, so the engine it reaches is the module's own copy in its private load context: one
/// SQLite library in the process (a second copy's file locks would not see the first's).</summary>
public static class TickProbe
{
    /// <summary>False when the store <paramref name="storeFolder"/> (null: <c>$env:CONNECTJOBS_STORE</c>
    /// or the default) exists, is current, and a tick has nothing to do now. True otherwise: something
    /// is due, or the store must be made, migrated or reported unusable, which the whole tick does.</summary>
    public static bool HasWork(string? storeFolder)
    {
        EngineResolver.Attach();
        return Probe(storeFolder);
    }

    // Engine types are resolved when this method is compiled, which must come after Attach.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Probe(string? storeFolder)
    {
        try
        {
            var store = ConnectStore.OpenForReadingAsync(StoreLocation.Resolve(storeFolder).Path, null, CancellationToken.None).GetAwaiter().GetResult();
            try
            {
                return store.HasTickWorkAsync(DateTime.UtcNow, CancellationToken.None).GetAwaiter().GetResult();
            }
            finally
            {
                (store as IAsyncDisposable)?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (e is ConnectException or DbException or IOException or UnauthorizedAccessException)
        {
            // The whole tick opens the store for work and reports what is wrong with it (exit code 4).
            return true;
        }
    }
}
