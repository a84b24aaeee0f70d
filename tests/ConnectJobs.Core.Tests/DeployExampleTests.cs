using ConnectJobs.Schedules;

namespace ConnectJobs.Core.Tests;

/// <summary>The scheduler examples shipped beside the runners (deploy/) are what Get-ConnectSchedulerEntry
/// writes for the paths they name, so the two cannot drift apart.</summary>
public sealed class DeployExampleTests
{
    public static TheoryData<string, SchedulerKind, string, string, string?, int> Examples => new()
    {
        { "systemd/connectjobs-tick.service", SchedulerKind.Systemd, "/opt/connectjobs/connectjobs-run", "/var/lib/connectjobs", "connectjobs", 0 },
        { "systemd/connectjobs-tick.timer", SchedulerKind.Systemd, "/opt/connectjobs/connectjobs-run", "/var/lib/connectjobs", "connectjobs", 1 },
        { "cron/connectjobs-tick", SchedulerKind.Cron, "/opt/connectjobs/connectjobs-run", "/var/lib/connectjobs", "connectjobs", 0 },
        { "windows/ConnectJobs-Tick.xml", SchedulerKind.WindowsTask, @"C:\Program Files\ConnectJobs\connectjobs-run.exe", @"C:\ProgramData\ConnectJobs", null, 0 },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Each_example_is_the_scheduler_entry_for_its_paths(string file, SchedulerKind scheduler, string runner, string store, string? user, int index)
    {
        var entry = SchedulerEntry.For(scheduler, scheduler == SchedulerKind.WindowsTask ? "ConnectJobs-Tick" : "connectjobs-tick", runner, store, user)[index];
        var path = Path.Combine(Repository.Root, "deploy", file);
        Assert.Equal(entry.Content, File.ReadAllText(path));

        // The task XML says UTF-16, as schtasks /Create /XML wants its file: it is stored so.
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(entry.Content.Contains("encoding=\"UTF-16\"", StringComparison.Ordinal), bytes is [0xFF, 0xFE, ..]);
    }
}
