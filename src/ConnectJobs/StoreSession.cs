using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;

namespace ConnectJobs.Commands;

/// <summary>The store each runspace chose with Open-ConnectStore (a folder, or a PostgreSQL connection
/// string with the credential given for it). Kept per runspace, not per process, so that several
/// sessions in one host (and tests in parallel) use different stores side by side.</summary>
internal static class StoreSession
{
    private static readonly ConcurrentDictionary<Guid, (string Location, System.Net.NetworkCredential? Credential, string? LocalFolder)> Choices = new();

    public static string? Choice => Chosen?.Location;

    /// <summary>The credential Open-ConnectStore -Credential gave for the chosen PostgreSQL store.</summary>
    public static System.Net.NetworkCredential? Credential => Chosen?.Credential;

    /// <summary>The folder Open-ConnectStore -LocalFolder gave for a PostgreSQL store's files on this host.</summary>
    public static string? LocalFolder => Chosen?.LocalFolder;

    private static (string Location, System.Net.NetworkCredential? Credential, string? LocalFolder)? Chosen
    {
        get
        {
            var runspace = Runspace.DefaultRunspace;
            return runspace is not null && Choices.TryGetValue(runspace.InstanceId, out var choice) ? choice : null;
        }
    }

    public static void Choose(string? path, System.Net.NetworkCredential? credential = null, string? localFolder = null)
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
        else if (Choices.TryAdd(runspace.InstanceId, (path, credential, localFolder)))
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
            Choices[runspace.InstanceId] = (path, credential, localFolder);
        }
    }
}
