using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;
using ConnectJobs.Schedules;
using ConnectJobs.Store;

namespace ConnectJobs.Commands;

/// <summary>The schedulers that can start the tick (declared here: see TableType for why cmdlets hold no engine enums).</summary>
public enum TickScheduler
{
    /// <summary>A crontab line, or an /etc/cron.d file with -User.</summary>
    Cron = SchedulerKind.Cron,

    /// <summary>A .service and .timer pair.</summary>
    Systemd = SchedulerKind.Systemd,

    /// <summary>A Task Scheduler task (XML).</summary>
    WindowsTask = SchedulerKind.WindowsTask,
}

/// <summary>Get-ConnectSchedulerEntry: what to install so that the machine's scheduler starts the tick
/// (connectjobs-run -Tick) every minute for a store: a crontab line, a systemd service and timer, or
/// a Windows task. It writes objects (name, install path, content) and installs nothing itself.</summary>
[Cmdlet(VerbsCommon.Get, "ConnectSchedulerEntry")]
[OutputType(typeof(SchedulerEntry))]
public sealed partial class GetConnectSchedulerEntryCommand : ConnectCmdlet
{
    /// <summary>Default: the Windows task on Windows, systemd elsewhere.</summary>
    [Parameter(Position = 0)]
    public TickScheduler Scheduler { get; set; } = OperatingSystem.IsWindows() ? TickScheduler.WindowsTask : TickScheduler.Systemd;

    /// <summary>The store the tick runs (default: this session's store). Hides the opened store, which this command never opens.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public new string? Store { get; set; }

    /// <summary>connectjobs-run (default: the one beside the module).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RunnerPath { get; set; }

    /// <summary>The entry's name: the systemd unit, the task, the cron.d file.</summary>
    [Parameter]
    [ValidatePattern("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    public string Name { get; set; } = "connectjobs-tick";

    /// <summary>The account the tick runs as (systemd User=, an /etc/cron.d line, the task's user).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    protected override void EndProcessing() => Run(() =>
    {
        var kind = (SchedulerKind)Scheduler;
        if (User is not null && kind != SchedulerKind.WindowsTask && !LoginName().IsMatch(User))
        {
            throw new ConnectException(ErrorIds.InvalidUserName, ErrorKind.InvalidArgument, User,
                string.Format(CultureInfo.CurrentCulture, CommandMessages.UserNameNotForScheduler, User, Scheduler));
        }

        var chosen = Store is null ? StoreLocation.Resolve(StoreSession.Choice).Path : Store;
        var store = PostgresLocation.IsPostgres(chosen)
            ? chosen
            : Path.TrimEndingDirectorySeparator(Store is null ? chosen : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Store));
        foreach (var entry in SchedulerEntry.For(kind, Name, Runner(), store, User))
        {
            WriteObject(entry);
        }
    });

    /// <summary>A published runner carries the module in Modules/ConnectJobs; a built one sits in out/host beside out/ConnectJobs.</summary>
    private string Runner()
    {
        if (RunnerPath is not null)
        {
            return SessionState.Path.GetUnresolvedProviderPathFromPSPath(RunnerPath);
        }

        var module = Path.GetDirectoryName(typeof(GetConnectSchedulerEntryCommand).Assembly.Location)!;
        var file = OperatingSystem.IsWindows() ? "connectjobs-run.exe" : "connectjobs-run";
        var candidates = new[] { Path.Combine(module, "..", "..", file), Path.Combine(module, "..", "host", file) }.Select(Path.GetFullPath).ToArray();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new ConnectException(ErrorIds.RunnerNotFound, ErrorKind.NotFound, file,
                string.Format(CultureInfo.CurrentCulture, CommandMessages.RunnerNotFound, string.Join(", ", candidates)));
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]*$")]
    private static partial Regex LoginName();
}
