using ConnectJobs.Core.Tests;

namespace ConnectJobs.Module.Tests;

/// <summary>The tick as cron runs it: several processes at once against one store.</summary>
[Trait("Category", TestCategory.Slow)]
public sealed class TickProcessTests() : HostProcessTest("cj-tick-")
{
    [Fact]
    public async Task Four_ticks_started_together_run_each_of_100_due_jobs_once()
    {
        var outbox = Directory.CreateDirectory(Path.Combine(Folder, "out")).FullName;
        var setup = Paths.RunHost(Environment, "-Command",
            $"New-ConnectList Contacts; $s = New-ConnectSchedule -Cron '* * * * *' -TimeZone UTC; 1..100 | ForEach-Object {{ New-ConnectJob \"J$_\" -Source Contacts -TargetDirectory '{outbox}' -FileName \"j$_.csv\" -NoRunIdPrefix -Schedule $s }}");
        Assert.True(setup.ExitCode == 0, setup.Stderr);

        // Every minute: due at the next minute's start.
        await WaitUntilAsync(() => Paths.RunHost(Environment, "-Command", "@(Get-ConnectJob -Due).Count").Stdout.Trim() == "100", seconds: 75);

        var ticks = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Paths.RunHost(Environment, "-Command", "@(Invoke-ConnectJob -Due).Count"))));

        Assert.All(ticks, t => Assert.True(t.ExitCode == 0, t.Stderr));
        Assert.Equal(100, ticks.Sum(t => int.Parse(t.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture)));
        var runs = Paths.RunHost(Environment, "-Command", "$runs = Get-ConnectJobRun; $runs.Count; @($runs | Group-Object JobId | Where-Object Count -ne 1).Count; @($runs | Where-Object Status -ne Succeeded).Count").Stdout;
        Assert.Equal(["100", "0", "0"], runs.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(100, Directory.GetFiles(outbox, "j*.csv").Length);
    }
}
