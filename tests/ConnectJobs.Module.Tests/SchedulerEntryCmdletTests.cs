using System.Diagnostics;
using System.Management.Automation;
using System.Xml.Linq;
using Cronos;

namespace ConnectJobs.Module.Tests;

/// <summary>Get-ConnectSchedulerEntry: each entry is read as its scheduler reads it, and its command
/// run as the scheduler would run it, against a store whose path needs quoting.</summary>
public sealed class SchedulerEntryCmdletTests() : SessionTest("cj-entry-")
{
    private static readonly string Runner = Path.Combine(Paths.RepoRoot, "out", "host", "connectjobs-run");

    private string AwkwardStore => Path.Combine(Folder, "ops team's store");

    private PSObject[] Entries(string arguments) =>
        [.. Session.Run($"Get-ConnectSchedulerEntry {arguments} -Store $store", ("store", AwkwardStore)).ShouldSucceed().Output];

    [Fact]
    public void The_crontab_line_runs_every_minute_and_its_command_ticks_the_store_through_the_shell()
    {
        var entry = Entries("Cron").Single();
        Assert.Null(entry.Properties["Path"].Value);
        var lines = ((string)entry.Properties["Content"].Value).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("# ", lines[0]);

        var fields = lines[1].Split(' ', 6);
        var schedule = CronExpression.Parse(string.Join(' ', fields[..5]));
        var now = new DateTime(2026, 12, 2, 20, 0, 30, DateTimeKind.Utc);
        Assert.Equal(now.AddSeconds(30), schedule.GetNextOccurrence(now));

        // cron turns \% back into %, then hands the rest of the line to /bin/sh.
        var command = fields[5].Replace("\\%", "%", StringComparison.Ordinal);
        Assert.StartsWith($"'{Runner}' -Tick -Store ", command);
        var shell = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { RedirectStandardError = true })!;
        var stderr = shell.StandardError.ReadToEnd();
        Assert.True(shell.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.True(shell.ExitCode == 0, stderr);
        Assert.True(File.Exists(Path.Combine(AwkwardStore, "control.db")), "the tick did not open the store the line names");

        var system = Entries("Cron -User connectjobs -Name marketing-tick").Single();
        Assert.Equal("/etc/cron.d/marketing-tick", system.Properties["Path"].Value);
        Assert.StartsWith("* * * * * connectjobs '", ((string)system.Properties["Content"].Value).Split('\n')[1]);
    }

    [Fact]
    public void The_systemd_service_and_timer_pass_systemd_analyze_verify_and_name_the_runner_and_store()
    {
        var entries = Entries("Systemd -User connectjobs");
        Assert.Equal(["connectjobs-tick.service", "connectjobs-tick.timer"], entries.Select(e => (string)e.Properties["Name"].Value));
        Assert.Equal("/etc/systemd/system/connectjobs-tick.timer", entries[1].Properties["Path"].Value);
        var service = (string)entries[0].Properties["Content"].Value;
        Assert.Contains($"\nExecStart=\"{Runner}\" -Tick -Store \"{AwkwardStore}\"\n", service);
        Assert.Contains("\nUser=connectjobs\n", service);
        Assert.Contains("\nType=oneshot\n", service);
        var timer = (string)entries[1].Properties["Content"].Value;
        Assert.Contains("\nOnCalendar=*-*-* *:*:00\n", timer);
        Assert.Contains("\nUnit=connectjobs-tick.service\n", timer);

        var units = Directory.CreateDirectory(Path.Combine(Folder, "units")).FullName;
        foreach (var entry in entries)
        {
            File.WriteAllText(Path.Combine(units, (string)entry.Properties["Name"].Value), (string)entry.Properties["Content"].Value);
        }

        if (File.Exists("/usr/bin/systemd-analyze"))
        {
            Assert.Equal((0, ""), Verify(units, "connectjobs-tick.timer", "connectjobs-tick.service"));

            // The check can fail: a timer it cannot read is refused.
            File.WriteAllText(Path.Combine(units, "broken.timer"), timer.Replace("*-*-* *:*:00", "every minute please", StringComparison.Ordinal));
            Assert.NotEqual(0, Verify(units, "broken.timer").ExitCode);
        }
    }

    [Fact]
    public void The_Windows_task_repeats_every_minute_runs_in_parallel_and_runs_the_tick_for_the_store()
    {
        var task = XDocument.Parse((string)Entries("WindowsTask -User 'CORP\\svc-connect' -Name 'Connect.Tick'").Single().Properties["Content"].Value);
        XNamespace ns = "http://schemas.microsoft.com/windows/2004/02/mit/task";
        Assert.Equal(ns + "Task", task.Root!.Name);
        string Value(string name) => task.Descendants(ns + name).Single().Value;
        Assert.Equal("PT1M", Value("Interval"));
        Assert.Equal("Parallel", Value("MultipleInstancesPolicy"));
        Assert.Equal("PT0S", Value("ExecutionTimeLimit"));
        Assert.Equal("\\Connect.Tick", Value("URI"));
        Assert.Equal(("CORP\\svc-connect", "Password"), (Value("UserId"), Value("LogonType")));
        Assert.Equal(Runner, Value("Command"));
        Assert.Equal($"-Tick -Store \"{AwkwardStore}\"", Value("Arguments"));
    }

    [Fact]
    public void Bad_names_and_users_are_refused_and_a_given_runner_path_is_used()
    {
        Session.Run("Get-ConnectSchedulerEntry Systemd -User 'root; rm -rf /'").ShouldFailWith("InvalidUserName", ErrorCategory.InvalidArgument);
        Session.Run("Get-ConnectSchedulerEntry Cron -User 'two words'").ShouldFailWith("InvalidUserName", ErrorCategory.InvalidArgument);
        Assert.IsAssignableFrom<ParameterBindingException>(Assert.Single(Session.Run("Get-ConnectSchedulerEntry Cron -Name '../escape'").Errors).Exception);
        var content = (string)Session.Run("(Get-ConnectSchedulerEntry Cron -RunnerPath /opt/connectjobs/connectjobs-run).Content").ShouldSucceed().Output.Single().BaseObject;
        Assert.Contains("* * * * * '/opt/connectjobs/connectjobs-run' -Tick -Store '", content);
    }

    [Fact]
    public void A_module_without_connectjobs_run_beside_it_asks_for_RunnerPath()
    {
        // The module alone, as a gallery install lays it out: no runner two folders up or in ../host.
        var module = Path.Combine(Folder, "Modules", "ConnectJobs");
        foreach (var file in Directory.EnumerateFiles(Paths.ModuleFolder, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(module, Path.GetRelativePath(Paths.ModuleFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        var environment = new Dictionary<string, string?> { ["CONNECTJOBS_MODULE"] = Path.Combine(module, "ConnectJobs.psd1"), ["CONNECTJOBS_STORE"] = AwkwardStore, ["NO_COLOR"] = "1" };
        var missing = Paths.RunHost(environment, "-Command", "Get-ConnectSchedulerEntry Cron");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("was not found beside the module", missing.Stderr);
        Assert.Contains("-RunnerPath", missing.Stderr);
        Assert.StartsWith("RunnerNotFound,", Paths.RunHost(environment, "-Command", "Get-ConnectSchedulerEntry Cron -ErrorAction SilentlyContinue; $Error[0].FullyQualifiedErrorId").Stdout.Trim());
        Assert.Equal(0, Paths.RunHost(environment, "-Command", "Get-ConnectSchedulerEntry Cron -RunnerPath /opt/connectjobs/connectjobs-run").ExitCode);
    }

    private static (int ExitCode, string Stderr) Verify(string folder, params string[] units)
    {
        var start = new ProcessStartInfo("/usr/bin/systemd-analyze") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("verify");
        foreach (var unit in units)
        {
            start.ArgumentList.Add(Path.Combine(folder, unit));
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();

        // Warnings about the unit's environment (a user name systemd thinks unsafe) are not errors.
        return (process.ExitCode, process.ExitCode == 0 ? "" : stderr);
    }
}
