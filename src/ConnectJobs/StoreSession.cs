using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;

namespace ConnectJobs.Commands;

/// <summary>The store each runspace chose with Open-ConnectStore. Kept per runspace, not per process,
/// so that several sessions in one host (and tests in parallel) use different stores side by side.</summary>
internal static class StoreSession
{
    private static readonly ConcurrentDictionary<Guid, string> Choices = new();

    public static string? Choice
    {
        get
        {
            var runspace = Runspace.DefaultRunspace;
            return runspace is not null && Choices.TryGetValue(runspace.InstanceId, out var path) ? path : null;
        }
    }

    public static void Choose(string? path)
    {
        var runspace = Runspace.DefaultRunspace;
        if (runspace is null)
        {
            return;
        }

        if (path is null)
        {
            Choices.TryRemove(runspace.InstanceId, out _);
        }
        else if (Choices.TryAdd(runspace.InstanceId, path))
        {
            runspace.StateChanged += (sender, e) =>
            {
                if (e.RunspaceStateInfo.State is RunspaceState.Closed or RunspaceState.Broken)
                {
                    Choices.TryRemove(runspace.InstanceId, out _);
                }
            };
        }
        else
        {
            Choices[runspace.InstanceId] = path;
        }
    }
}
