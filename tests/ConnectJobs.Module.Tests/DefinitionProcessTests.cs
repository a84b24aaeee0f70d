using System.Diagnostics;
using ConnectJobs.Core.Tests;

namespace ConnectJobs.Module.Tests;

/// <summary>Applying definitions while a job runs in another process, as a deployment on a busy runner does.</summary>
[Trait("Category", TestCategory.Slow)]
public sealed class DefinitionProcessTests() : HostProcessTest("cj-defs-")
{
    [Fact]
    public async Task A_running_job_finishes_with_its_old_settings_and_the_applied_change_holds_from_its_next_run()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(Folder, "in")).FullName;
        await File.WriteAllTextAsync(Path.Combine(inbox, "big.csv"),
            "EMAIL_ADDRESS_,FIRST_NAME\n" + string.Concat(Enumerable.Range(0, 1_000_000).Select(i => $"p{i}@example.com,Person {i}\n")));
        var definitions = Path.Combine(Folder, "defs");
        var setup = Paths.RunHost(Environment, "-Command", $"New-ConnectList Contacts -Column FIRST_NAME; New-ConnectJob Big -List Contacts -SourceDirectory '{inbox}' -FilePattern '*.csv'; Export-ConnectDefinition -Path '{definitions}'");
        Assert.True(setup.ExitCode == 0, setup.Stderr);
        var job = Path.Combine(definitions, "jobs", "Big.json");
        await File.WriteAllTextAsync(job, (await File.ReadAllTextAsync(job)).Replace("\"*.csv\"", "\"next_*.csv\""));

        var big = Task.Run(() => Paths.RunHost(Environment, "-Command", "(Invoke-ConnectJob Big).Status"));
        await WaitUntilAsync(() => Paths.RunHost(Environment, "-Command", "@(Get-ConnectJobRun -Job Big -Status Running).Count").Stdout.Trim() == "1");

        // The job's definition changes under the run, without waiting for it: the plan touches no list.
        var watch = Stopwatch.StartNew();
        var apply = Paths.RunHost(Environment, "-Command", $"(Import-ConnectDefinition -Path '{definitions}').Action; (Get-ConnectJob Big).Settings.FilePattern");
        Assert.True(apply.ExitCode == 0, apply.Stderr);
        Assert.Equal(["Change", "next_*.csv"], apply.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.False(big.IsCompleted, "the run ended before the apply: make its file larger");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the apply took {watch.Elapsed}");

        // The run took its file by the pattern it started with; the next run looks for the new one.
        var run = await big;
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("Succeeded", run.Stdout.Trim());
        var after = Paths.RunHost(Environment, "-Command", "(Get-ConnectList Contacts).RecordCount; (Invoke-ConnectJob Big -ErrorAction SilentlyContinue).ErrorId");
        Assert.Equal(["1000000", "NoInboundFile"], after.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
