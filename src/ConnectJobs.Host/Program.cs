using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.InteropServices;
using ConnectJobs.Host;

// connectjobs-run [-File] script.ps1 [arguments...]
// connectjobs-run -Command "PowerShell text"
// connectjobs-run -Tick [-Store folder]: Invoke-ConnectJob -Due, without starting PowerShell when
// nothing is due (what cron or a timer starts every minute).
// Exit code: what the script passes to 'exit'; 1 when it ends with a terminating error (or, with
// -Command, when its last command failed); 3 when a job run in the process ended Failed; 4 when the
// store could not be opened; 130 or 143 when SIGINT (Ctrl+C) or SIGTERM stopped it (its runs
// recorded Stopped); 2 when it could not start; otherwise 0.
const int StoreUnavailableExit = 4;
var usage = "usage: connectjobs-run [-File] <script.ps1> [arguments...] | connectjobs-run -Command <text> | connectjobs-run -Tick [-Store <folder>]";
if (args.Length == 0 || args[0] is "-h" or "-?" or "--help" or "-Help")
{
    Console.Error.WriteLine(usage);
    return args.Length == 0 ? 2 : 0;
}

var isTick = args[0].Equals("-Tick", StringComparison.OrdinalIgnoreCase);
var isCommand = isTick || args[0].Equals("-Command", StringComparison.OrdinalIgnoreCase) || args[0].Equals("-c", StringComparison.OrdinalIgnoreCase);
var rest = args[0].Equals("-File", StringComparison.OrdinalIgnoreCase) || isCommand ? args[1..] : args;
if (isTick ? !Tick.TryParse(rest) : rest.Length == 0)
{
    Console.Error.WriteLine(usage);
    return 2;
}

// A published host carries the module beside itself; a built one (out/host) uses out/ConnectJobs.
var module = Environment.GetEnvironmentVariable("CONNECTJOBS_MODULE")
    ?? new[] { Path.Combine(AppContext.BaseDirectory, "Modules", "ConnectJobs", "ConnectJobs.psd1"), Path.Combine(AppContext.BaseDirectory, "..", "ConnectJobs", "ConnectJobs.psd1") }
        .Select(Path.GetFullPath).FirstOrDefault(File.Exists)
    ?? Path.Combine(AppContext.BaseDirectory, "Modules", "ConnectJobs", "ConnectJobs.psd1");
if (isTick)
{
    if (!Tick.HasWork(module))
    {
        return 0;
    }

    rest = [Tick.Command];
}

return RunEngine();

int RunEngine()
{
    var iss = InitialSessionState.CreateDefault2();
    if (OperatingSystem.IsWindows())
    {
        iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
    }

    var host = new ConsoleHost();
    using var runspace = RunspaceFactory.CreateRunspace(host, iss);
    runspace.Open();
    using var ps = PowerShell.Create(runspace);
    try
    {
        ps.AddCommand("Import-Module").AddParameter("Name", module).AddParameter("ErrorAction", ActionPreference.Stop).Invoke();
    }
    catch (RuntimeException e)
    {
        Console.Error.WriteLine($"connectjobs-run: the ConnectJobs module could not be imported from '{module}': {e.Message}");
        return 2;
    }

    ps.Commands.Clear();

    if (isCommand)
    {
        // As pwsh -Command does: a failed last command makes the exit code 1.
        ps.AddScript(string.Join(' ', rest) + "\nif (-not $?) { exit 1 }");
    }
    else
    {
        var script = Path.GetFullPath(rest[0]);
        if (!File.Exists(script))
        {
            Console.Error.WriteLine($"connectjobs-run: the script '{rest[0]}' does not exist.");
            return 2;
        }

        // Arguments bind as pwsh -File binds them: '-Name' is a parameter name (the binder gives it the
        // next argument unless it is a switch), '-Name:value' a name with its value, anything else a
        // value; types, switches and positions are the real parameter binder's.
        ps.AddCommand(script);
        foreach (var parameter in ScriptArguments.Parse(rest[1..]))
        {
            ps.Commands.Commands[0].Parameters.Add(parameter);
        }
    }

    // Errors go through the formatter too, to stderr, in the order they happen.
    ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
    ps.AddCommand("Out-Default");

    // SIGINT (Ctrl+C) and SIGTERM (systemd, kill) stop the pipeline as Ctrl+C does in pwsh: the running
    // job is cancelled, rolled back and recorded Stopped before the process ends. A second signal ends
    // the process at once.
    int? stoppedBy = null;
    void Stop(PosixSignalContext context, int exitCode)
    {
        if (stoppedBy is null)
        {
            stoppedBy = exitCode;
            context.Cancel = true;
            ps.BeginStop(null, null);
        }
    }

    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, 130));
    using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, 143));
    try
    {
        ps.Invoke();
    }
    catch (PipelineStoppedException) when (stoppedBy is int signalled)
    {
        return signalled;
    }
    catch (RuntimeException e)
    {
        host.UI.WriteErrorLine(ConsoleHost.Describe(e.ErrorRecord));
        return stoppedBy ?? (StoreUnavailable() ? StoreUnavailableExit : host.ExitCode ?? 1);
    }

    if (stoppedBy is int stopped)
    {
        return stopped;
    }

    // -Command's failed last command would say 1: an unusable store says more.
    if (isCommand && StoreUnavailable())
    {
        return StoreUnavailableExit;
    }

    if (host.ExitCode is int code)
    {
        return code;
    }

    // A script file's 'exit N' sets $LASTEXITCODE rather than ending the host.
    ps.Commands.Clear();
    var scriptExit = isCommand ? null : ps.AddScript("$global:LASTEXITCODE").Invoke<int?>().FirstOrDefault();

    // A scheduler trusts the exit code: a failed job run anywhere in the script fails the process,
    // unless the script said otherwise with 'exit'.
    return scriptExit ?? (StoreUnavailable() ? StoreUnavailableExit : AppContext.GetData("ConnectJobs.FailedRuns") is int failed && failed > 0 ? 3 : 0);
}

// Set by the module when a command could not open the store (damaged, corrupt, too new, unreachable).
static bool StoreUnavailable() => AppContext.GetData("ConnectJobs.StoreUnavailable") is true;
