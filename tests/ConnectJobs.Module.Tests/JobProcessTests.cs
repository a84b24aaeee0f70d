using System.Diagnostics;
using ConnectJobs.Core.Tests;

namespace ConnectJobs.Module.Tests;

/// <summary>Jobs run from several processes at once, as overlapping scheduled tasks run them.</summary>
[Trait("Category", TestCategory.Slow)]
public sealed class JobProcessTests() : HostProcessTest("cj-jobs-")
{
    [Fact]
    public async Task A_second_run_of_a_running_job_fails_fast_while_other_work_goes_on()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(Folder, "in")).FullName;
        await File.WriteAllTextAsync(Path.Combine(inbox, "big.csv"),
            "EMAIL_ADDRESS_,FIRST_NAME\n" + string.Concat(Enumerable.Range(0, 1_000_000).Select(i => $"p{i}@example.com,Person {i}\n")));
        var setup = Paths.RunHost(Environment, "-Command", $"New-ConnectList Contacts -Column FIRST_NAME; New-ConnectList Other; New-ConnectJob Big -List Contacts -SourceDirectory '{inbox}' -FilePattern '*.csv'; New-ConnectJob Small -List Other -SourceDirectory '{inbox}' -FilePattern 'none.csv'");
        Assert.True(setup.ExitCode == 0, setup.Stderr);

        var big = Task.Run(() => Paths.RunHost(Environment, "-Command", "Invoke-ConnectJob Big"));
        await WaitUntilAsync(() => Paths.RunHost(Environment, "-Command", "@(Get-ConnectJobRun -Job Big -Status Running).Count").Stdout.Trim() == "1");

        var watch = Stopwatch.StartNew();
        var second = Paths.RunHost(Environment, "-Command", "Invoke-ConnectJob Big");
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("is already running", second.Stderr);
        var other = Paths.RunHost(Environment, "-Command", "(Get-ConnectJob).Count; (Invoke-ConnectJob Small -ErrorAction SilentlyContinue).ErrorId");
        Assert.Equal(["2", "NoInboundFile"], other.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.False(big.IsCompleted, "the big run ended before the checks: make its file larger");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the other processes took {watch.Elapsed}");

        var first = await big;
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("Succeeded", first.Stdout);
        Assert.Equal("1000000", Paths.RunHost(Environment, "-Command", "(Get-ConnectList Contacts).RecordCount").Stdout.Trim());
    }

    [Fact]
    public async Task A_run_killed_in_the_middle_changes_nothing_and_the_next_one_succeeds()
    {
        var file = await BigJobAsync();

        using (var doomed = Paths.StartHost(Environment, "-Command", "Invoke-ConnectJob Big"))
        {
            await WaitUntilAsync(() => Paths.RunHost(Environment, "-Command", "@(Get-ConnectJobRun -Job Big -Status Running).Count").Stdout.Trim() == "1");
            await Task.Delay(1500);
            doomed.Kill(entireProcessTree: true);
            await doomed.WaitForExitAsync();
        }

        Assert.True(File.Exists(file));
        var state = Paths.RunHost(Environment, "-Command", "(Get-ConnectList Contacts).RecordCount; (Get-ConnectRecord -List Contacts).FIRST_NAME; $r = Get-ConnectJobRun -Job Big; $r.Status; $r.ErrorId");
        Assert.Equal(["1", "Before", "Failed", "ProcessDied"], state.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var again = Paths.RunHost(Environment, "-Command", "(Invoke-ConnectJob Big).Status; (Get-ConnectList Contacts).RecordCount");
        Assert.Equal(["Succeeded", "1000000"], again.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Theory]
    [InlineData(2, 130)]
    [InlineData(15, 143)]
    public async Task SIGINT_or_SIGTERM_stops_the_run_cooperatively_it_is_recorded_Stopped_and_nothing_changed(int signal, int exitCode)
    {
        var file = await BigJobAsync();

        using (var signalled = Paths.StartHost(Environment, "-Command", "Invoke-ConnectJob Big"))
        {
            await WaitUntilAsync(() => Paths.RunHost(Environment, "-Command", "@(Get-ConnectJobRun -Job Big -Status Running).Count").Stdout.Trim() == "1");
            await Task.Delay(1000);
            Assert.Equal(0, Kill(signalled.Id, signal));
            Assert.True(signalled.WaitForExit(TimeSpan.FromSeconds(60)), "the host did not stop");
            Assert.Equal(exitCode, signalled.ExitCode);
        }

        Assert.True(File.Exists(file));
        var state = Paths.RunHost(Environment, "-Command", "(Get-ConnectList Contacts).RecordCount; (Get-ConnectRecord -List Contacts).FIRST_NAME; $r = Get-ConnectJobRun -Job Big; $r.Status; $r.ErrorId");
        Assert.Equal(["1", "Before", "Stopped", "RunStopped"], state.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task Stop_ConnectJob_from_another_process_stops_the_run_which_is_rolled_back_and_recorded_Stopped()
    {
        var file = await BigJobAsync();
        Assert.Contains("has no run in progress", Paths.RunHost(Environment, "-Command", "Stop-ConnectJob Big -Confirm:$false").Stderr);

        var running = Task.Run(() => Paths.RunHost(Environment, "-Command", "(Invoke-ConnectJob Big).Status"));
        await WaitUntilAsync(() => Paths.RunHost(Environment, "-Command", "@(Get-ConnectJobRun -Job Big -Status Running).Count").Stdout.Trim() == "1");
        var stop = Paths.RunHost(Environment, "-Command", "(Stop-ConnectJob Big -Confirm:$false -Wait -Timeout 00:00:30).Status");

        Assert.True(stop.ExitCode == 0, stop.Stderr);
        Assert.Equal("Stopped", stop.Stdout.Trim());
        var stopped = await running;
        Assert.Equal((0, "Stopped"), (stopped.ExitCode, stopped.Stdout.Trim()));
        Assert.True(File.Exists(file));
        var state = Paths.RunHost(Environment, "-Command", "(Get-ConnectList Contacts).RecordCount; (Get-ConnectRecord -List Contacts).FIRST_NAME; (Get-ConnectJobRun -Job Big).ErrorId; @(Get-ConnectJobLog Big | Where-Object Message -like '*Stop-ConnectJob*').Count");
        Assert.Equal(["1", "Before", "RunStopped", "1"], state.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>A list holding one record ('Before') and a job 'Big' whose folder holds a million-row
    /// file that takes seconds to import; the file's path.</summary>
    private async Task<string> BigJobAsync()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(Folder, "in")).FullName;
        var file = Path.Combine(inbox, "big.csv");
        await File.WriteAllTextAsync(file, "EMAIL_ADDRESS_,FIRST_NAME\n" + string.Concat(Enumerable.Range(0, 1_000_000).Select(i => $"p{i}@example.com,Person {i}\n")));
        var setup = Paths.RunHost(Environment, "-Command", $"New-ConnectList Contacts -Column FIRST_NAME; Add-ConnectRecord -List Contacts -InputObject @{{ EMAIL_ADDRESS_ = 'p1@example.com'; FIRST_NAME = 'Before' }}; New-ConnectJob Big -List Contacts -SourceDirectory '{inbox}' -FilePattern '*.csv'");
        Assert.True(setup.ExitCode == 0, setup.Stderr);
        return file;
    }
}
