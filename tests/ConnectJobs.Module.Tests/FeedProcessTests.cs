using ConnectJobs.Core.Tests;

namespace ConnectJobs.Module.Tests;

/// <summary>An event feed run killed in the middle of its file, as a crash or kill -9 ends it.</summary>
[Trait("Category", TestCategory.Slow)]
public sealed class FeedProcessTests() : HostProcessTest("cj-feedkill-")
{
    [Fact]
    public async Task A_feed_run_killed_mid_file_leaves_no_file_and_no_position_and_the_next_run_exports_every_event_once()
    {
        var events = Path.Combine(Folder, "events.csv");
        await File.WriteAllTextAsync(events, "EventId,Type,Captured,Riid,Email\n" + string.Concat(Enumerable.Range(0, 1_000_000).Select(i => $"e{i},Opened,2026-12-01T09:00:00Z,{i},p{i}@example.com\n")));
        var outbox = Directory.CreateDirectory(Path.Combine(Folder, "out")).FullName;
        var setup = Paths.RunHost(Environment, "-Command", $"Import-ConnectEvent '{events}' | Out-Null; New-ConnectJob Opens -EventType Opened -TargetDirectory '{outbox}' -FileName 'opens.csv'");
        Assert.True(setup.ExitCode == 0, setup.Stderr);

        using (var doomed = Paths.StartHost(Environment, "-Command", "Invoke-ConnectJob Opens"))
        {
            await WaitUntilAsync(() => Directory.GetFiles(outbox, ".opens.csv*").Length > 0);
            doomed.Kill(entireProcessTree: true);
            await doomed.WaitForExitAsync();
        }

        Assert.False(File.Exists(Path.Combine(outbox, "opens.csv")), "a file at its final name after the kill");
        var state = Paths.RunHost(Environment, "-Command", "$r = Get-ConnectJobRun -Job Opens; $r.Status; $r.ErrorId");
        Assert.Equal(["Failed", "ProcessDied"], state.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var again = Paths.RunHost(Environment, "-Command", "(Invoke-ConnectJob Opens).RowsWritten");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal("1000000", again.Stdout.Trim());
        var lines = File.ReadLines(Path.Combine(outbox, "opens.csv")).Skip(1).ToList();
        Assert.Equal(1_000_000, lines.Count);
        Assert.Equal(1_000_000, lines.Select(l => l.Split(',')[3]).Distinct().Count());
        Assert.Empty(Directory.GetFiles(outbox, ".opens.csv*"));
        Assert.Equal("0", Paths.RunHost(Environment, "-Command", "(Invoke-ConnectJob Opens).RowsWritten").Stdout.Trim());
    }
}
