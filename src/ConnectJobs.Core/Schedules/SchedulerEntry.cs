using System.Globalization;
using System.Security;
using System.Text;

namespace ConnectJobs.Schedules;

/// <summary>The operating system schedulers that can start the tick.</summary>
public enum SchedulerKind
{
    /// <summary>A crontab line (for <c>crontab -e</c>), or an <c>/etc/cron.d</c> file when a user is named.</summary>
    Cron,

    /// <summary>A systemd <c>.service</c> and <c>.timer</c> pair.</summary>
    Systemd,

    /// <summary>A Windows Task Scheduler task definition (XML for Register-ScheduledTask -Xml or schtasks /XML).</summary>
    WindowsTask,
}

/// <summary>One file (or crontab line) to install so that a scheduler starts the tick every minute.</summary>
/// <param name="Path">Where it is installed; null for a crontab line, which <c>crontab -e</c> takes.</param>
public sealed record SchedulerEntry(SchedulerKind Scheduler, string Name, string? Path, string Content)
{
    /// <summary>What every entry starts: <c>connectjobs-run -Tick -Store folder</c>, for each scheduler,
    /// every minute. Overlapping ticks are safe (each due slot runs once), so cron and the Windows task
    /// let a new tick start while a long run goes on; systemd starts its next one when the last ends.</summary>
    public static IReadOnlyList<SchedulerEntry> For(SchedulerKind scheduler, string name, string runner, string store, string? user) => scheduler switch
    {
        SchedulerKind.Cron => [Cron(name, runner, store, user)],
        SchedulerKind.Systemd => Systemd(name, runner, store, user),
        _ => [WindowsTask(name, runner, store, user)],
    };

    private static string Describe(string store) => $"ConnectJobs tick: runs the due jobs and groups of the store {store}";

    /// <summary>The run tables go nowhere; errors (failed runs, an unusable store) stay on stderr, which
    /// cron mails to the user (MAILTO).</summary>
    private static SchedulerEntry Cron(string name, string runner, string store, string? user)
    {
        // cron hands the command to /bin/sh, and reads an unescaped % as a line break.
        static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal) + "'";
        var line = $"* * * * * {(user is null ? "" : user + " ")}{Quote(runner)} -Tick -Store {Quote(store)} >/dev/null";
        return new SchedulerEntry(SchedulerKind.Cron, name, user is null ? null : $"/etc/cron.d/{name}", $"# {Describe(store)}\n{line}\n");
    }

    private static IReadOnlyList<SchedulerEntry> Systemd(string name, string runner, string store, string? user)
    {
        // systemd reads % as a specifier and $ as a variable, also inside double quotes.
        static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("%", "%%", StringComparison.Ordinal).Replace("$", "$$", StringComparison.Ordinal) + "\"";
        var service = new StringBuilder()
            .Append("[Unit]\n").Append("Description=").Append(Describe(store).Replace("%", "%%", StringComparison.Ordinal)).Append('\n')
            .Append("Wants=network-online.target\nAfter=network-online.target\n\n")
            .Append("[Service]\nType=oneshot\n")
            .Append(user is null ? "" : $"User={user}\n")
            .Append("ExecStart=").Append(Quote(runner)).Append(" -Tick -Store ").Append(Quote(store)).Append('\n')
            // The run tables are not worth a journal line a minute; errors still reach the journal.
            .Append("StandardOutput=null\n")
            .ToString();
        var timer = $"[Unit]\nDescription=Starts {name}.service every minute\n\n[Timer]\nOnCalendar=*-*-* *:*:00\nAccuracySec=1s\nUnit={name}.service\n\n[Install]\nWantedBy=timers.target\n";
        return
        [
            new SchedulerEntry(SchedulerKind.Systemd, name + ".service", $"/etc/systemd/system/{name}.service", service),
            new SchedulerEntry(SchedulerKind.Systemd, name + ".timer", $"/etc/systemd/system/{name}.timer", timer),
        ];
    }

    /// <summary>Repeats every minute from a fixed start, runs in parallel with a tick still running
    /// (as cron would), has no time limit of its own (jobs have their run timeouts), and runs as the
    /// user given (Register-ScheduledTask -User -Password) or, without one, as the user who made it,
    /// logged on or not (S4U).</summary>
    private static SchedulerEntry WindowsTask(string name, string runner, string store, string? user)
    {
        static string Xml(string value) => SecurityElement.Escape(value);
        var (account, logon) = user is null
            ? (Environment.UserDomainName + "\\" + Environment.UserName, "S4U")
            : (user, "Password");
        var content = string.Create(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="UTF-16"?>
            <Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
              <RegistrationInfo>
                <Description>{Xml(Describe(store))}</Description>
                <URI>\{Xml(name)}</URI>
              </RegistrationInfo>
              <Triggers>
                <TimeTrigger>
                  <Repetition>
                    <Interval>PT1M</Interval>
                    <StopAtDurationEnd>false</StopAtDurationEnd>
                  </Repetition>
                  <StartBoundary>2000-01-01T00:00:00</StartBoundary>
                  <Enabled>true</Enabled>
                </TimeTrigger>
              </Triggers>
              <Principals>
                <Principal id="Author">
                  <UserId>{Xml(account)}</UserId>
                  <LogonType>{logon}</LogonType>
                  <RunLevel>LeastPrivilege</RunLevel>
                </Principal>
              </Principals>
              <Settings>
                <MultipleInstancesPolicy>Parallel</MultipleInstancesPolicy>
                <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
                <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
                <StartWhenAvailable>true</StartWhenAvailable>
                <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
                <Enabled>true</Enabled>
              </Settings>
              <Actions Context="Author">
                <Exec>
                  <Command>{Xml(runner)}</Command>
                  <Arguments>-Tick -Store "{Xml(store)}"</Arguments>
                </Exec>
              </Actions>
            </Task>

            """);
        return new SchedulerEntry(SchedulerKind.WindowsTask, name + ".xml", null, content.Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
