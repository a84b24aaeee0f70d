using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace ConnectJobs.Module.Tests;

/// <summary>What one piece of PowerShell text produced.</summary>
public sealed record PowerShellResult(Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors, IReadOnlyList<string> Warnings, IReadOnlyList<ProgressRecord> Progress)
{
    public PowerShellResult ShouldSucceed()
    {
        Assert.True(Errors.Count == 0, "unexpected errors:\n" + string.Join("\n", Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}")));
        return this;
    }

    /// <summary>The only error, which must have this id (the part before the command name).</summary>
    public ErrorRecord ShouldFailWith(string errorId, ErrorCategory category)
    {
        var error = Assert.Single(Errors);
        Assert.Equal(errorId, error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(category, error.CategoryInfo.Category);
        return error;
    }
}

/// <summary>A runspace of the real PowerShell engine with the assembled module imported from
/// out/ConnectJobs exactly as a user imports it, and a store of its own in a temporary folder.</summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellSession(bool openStore = true)
    {
        _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _runspace.Open();
        Run($"Import-Module -Name '{Paths.ModuleManifest}' -ErrorAction Stop").ShouldSucceed();
        if (openStore)
        {
            Directory.CreateDirectory(StoreFolder);
            Run($"Open-ConnectStore -Path '{StoreFolder}'").ShouldSucceed();
        }
    }

    public string StoreFolder { get; } = Paths.NewTempFolder();

    public PowerShellResult Run(string script, params (string Name, object? Value)[] variables)
    {
        using var ps = PowerShell.Create(_runspace);
        foreach (var (name, value) in variables)
        {
            _runspace.SessionStateProxy.SetVariable(name, value);
        }

        ps.AddScript(script);
        Collection<PSObject> output;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException e)
        {
            return new PowerShellResult([], [.. ps.Streams.Error, e.ErrorRecord], ps.Streams.Warning.Select(w => w.Message).ToList(), ps.Streams.Progress.ToList());
        }

        return new PowerShellResult(output, ps.Streams.Error.ToList(), ps.Streams.Warning.Select(w => w.Message).ToList(), ps.Streams.Progress.ToList());
    }

    /// <summary>Starts the script, stops it after <paramref name="after"/> as Ctrl+C does, and says
    /// whether it had stopped within ten seconds of that.</summary>
    public bool RunAndStop(string script, TimeSpan after)
    {
        using var ps = PowerShell.Create(_runspace);
        ps.AddScript(script);
        var running = ps.BeginInvoke();
        Thread.Sleep(after);
        ps.Stop();
        return running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)) && ps.InvocationStateInfo.State == PSInvocationState.Stopped;
    }

    public void Dispose()
    {
        _runspace.Dispose();
        Paths.DeleteFolder(StoreFolder);
    }
}
