using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

// Usage: ImportModule <path to ConnectJobs.psd1> <store folder>
// Prints: runspace_ms import_ms first_command_ms
var watch = Stopwatch.StartNew();
using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
runspace.Open();
using var ps = PowerShell.Create(runspace);
ps.AddScript("$null").Invoke();
var runspaceMs = watch.Elapsed.TotalMilliseconds;

ps.Commands.Clear();
watch.Restart();
ps.AddCommand("Import-Module").AddParameter("Name", args[0]).AddParameter("ErrorAction", "Stop").Invoke();
var importMs = watch.Elapsed.TotalMilliseconds;

ps.Commands.Clear();
watch.Restart();
ps.AddCommand("Open-ConnectStore").AddParameter("Path", args[1]).Invoke();
ps.Commands.Clear();
ps.AddCommand("Get-ConnectList").Invoke();
var firstMs = watch.Elapsed.TotalMilliseconds;
if (ps.HadErrors)
{
    Console.Error.WriteLine(string.Join(Environment.NewLine, ps.Streams.Error));
    return 1;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{runspaceMs:F0} {importMs:F0} {firstMs:F0}"));
return 0;
