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

    [Fact]
    public async Task The_tick_command_runs_what_is_due_with_exit_code_1_for_a_failed_run_and_0_when_nothing_is_due()
    {
        var outbox = Directory.CreateDirectory(Path.Combine(Folder, "out")).FullName;
        var inbox = Directory.CreateDirectory(Path.Combine(Folder, "in")).FullName;
        var store = Path.Combine(Folder, "ticked");
        var elsewhere = new Dictionary<string, string?>(Environment) { ["CONNECTJOBS_STORE"] = Path.Combine(Folder, "unused") };
        var setup = Paths.RunHost(Environment, "-Command",
            $"Open-ConnectStore '{store}'; New-ConnectList Contacts; $s = New-ConnectSchedule -Cron '* * * * *' -TimeZone UTC; New-ConnectJob Every -Source Contacts -TargetDirectory '{outbox}' -FileName 'every.csv' -NoRunIdPrefix -Schedule $s; New-ConnectJob Broken -List Contacts -SourceDirectory '{inbox}' -FilePattern 'none.csv' -Schedule $s");
        Assert.True(setup.ExitCode == 0, setup.Stderr);
        var inStore = new Dictionary<string, string?>(Environment) { ["CONNECTJOBS_STORE"] = store };
        await WaitUntilAsync(() => Paths.RunHost(inStore, "-Command", "@(Get-ConnectJob -Due).Count").Stdout.Trim() == "2", seconds: 75);

        var tick = Paths.RunHost(elsewhere, "-Tick", "-Store", store);
        Assert.Equal(1, tick.ExitCode);
        Assert.Contains("Every", tick.Stdout);
        Assert.Contains("Run 2.1 of job 'Broken'", tick.Stderr);
        Assert.True(File.Exists(Path.Combine(outbox, "every.csv")));

        var idle = Paths.RunHost(elsewhere, "-Tick", "-Store", store);
        Assert.Equal((0, "", ""), (idle.ExitCode, idle.Stdout.Trim(), idle.Stderr.Trim()));
        Assert.False(Directory.Exists(Path.Combine(Folder, "unused")), "the tick used $env:CONNECTJOBS_STORE, not -Store");
        var runs = Paths.RunHost(inStore, "-Command", "$r = Get-ConnectJobRun; $r.Count; ($r | Where-Object Job -eq Every).Status; ($r | Where-Object Job -eq Broken).Status").Stdout;
        Assert.Equal(["2", "Succeeded", "Failed"], runs.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(2, Paths.RunHost(Environment, "-Tick", "-Store").ExitCode);
    }

    [Fact]
    public async Task A_tick_killed_mid_run_is_recorded_dead_by_the_next_tick_and_the_job_runs_again_at_its_next_slot()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(Folder, "in")).FullName;
        var file = Path.Combine(inbox, "big.csv");
        await File.WriteAllTextAsync(file, "EMAIL_ADDRESS_,FIRST_NAME\n" + string.Concat(Enumerable.Range(0, 1_000_000).Select(i => $"p{i}@example.com,Person {i}\n")));
        var setup = Paths.RunHost(Environment, "-Command",
            $"New-ConnectList Contacts -Column FIRST_NAME; Add-ConnectRecord -List Contacts -InputObject @{{ EMAIL_ADDRESS_ = 'p1@example.com'; FIRST_NAME = 'Before' }}; New-ConnectJob Big -List Contacts -SourceDirectory '{inbox}' -FilePattern '*.csv' -Schedule (New-ConnectSchedule -Cron '* * * * *' -TimeZone UTC)");
        Assert.True(setup.ExitCode == 0, setup.Stderr);
        await WaitUntilAsync(() => Paths.RunHost(Environment, "-Command", "@(Get-ConnectJob -Due).Count").Stdout.Trim() == "1", seconds: 75);

        using (var doomed = Paths.StartHost(Environment, "-Tick"))
        {
            await WaitUntilAsync(() => Paths.RunHost(Environment, "-Command", "@(Get-ConnectJobRun -Job Big -Status Running).Count").Stdout.Trim() == "1");
            await Task.Delay(1500);
            doomed.Kill(entireProcessTree: true);
            await doomed.WaitForExitAsync();
        }

        // Nothing is due until the next minute: the dead run alone makes this tick do its work.
        var next = Paths.RunHost(Environment, "-Tick");
        Assert.True(next.ExitCode == 0, $"exit code {next.ExitCode}\n{next.Stdout}\n{next.Stderr}");
        Assert.True(File.Exists(file));
        var state = Paths.RunHost(Environment, "-Command", "(Get-ConnectList Contacts).RecordCount; (Get-ConnectRecord -List Contacts).FIRST_NAME; $r = @(Get-ConnectJobRun -Job Big); $r.Count; $r[0].Status; $r[0].ErrorId");
        Assert.Equal(["1", "Before", "1", "Failed", "ProcessDied"], state.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        await WaitUntilAsync(() => Paths.RunHost(Environment, "-Command", "@(Get-ConnectJob -Due).Count").Stdout.Trim() == "1", seconds: 75);
        var again = Paths.RunHost(Environment, "-Tick");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal("1000000", Paths.RunHost(Environment, "-Command", "(Get-ConnectList Contacts).RecordCount").Stdout.Trim());
    }
}
