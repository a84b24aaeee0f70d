namespace ConnectJobs.Module.Tests;

/// <summary>connectjobs-run as cron or a systemd timer starts it: a child process, a script file.</summary>
public sealed class HostTests() : HostProcessTest("cj-host-")
{
    private string Script(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_script_runs_with_its_arguments_and_prints_through_the_format_views()
    {
        var script = Script("report.ps1", """
            param([string]$Name, [int]$Count)
            New-ConnectList $Name
            1..$Count | ForEach-Object { @{ EMAIL_ADDRESS_ = "c$_@example.com" } } | Add-ConnectRecord -List $Name
            Get-ConnectList
            """);
        var (exit, stdout, stderr) = Paths.RunHost(Environment, script, "Nightly", "3");
        Assert.True(exit == 0, stderr);
        Assert.Equal("", stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("Name", StringComparison.Ordinal) && l.Contains("Records") && l.Contains("Modified (UTC)"));
        Assert.Contains(lines, l => l.StartsWith("Nightly", StringComparison.Ordinal) && l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] == "3");
        Assert.DoesNotContain('\u001b', stdout);
    }

    [Fact]
    public void A_failing_script_exits_non_zero_with_the_error_on_stderr()
    {
        var (exit, _, stderr) = Paths.RunHost(Environment, Script("fails.ps1", "Get-ConnectList\nthrow 'the import source is gone'\n'not reached'"));
        Assert.Equal(1, exit);
        Assert.Contains("the import source is gone", stderr);
        Assert.Contains("fails.ps1", stderr);

        var (exitCode, _, _) = Paths.RunHost(Environment, Script("exits.ps1", "exit 3"));
        Assert.Equal(3, exitCode);
    }

    [Fact]
    public void A_non_terminating_error_is_printed_to_stderr()
    {
        var (exit, _, stderr) = Paths.RunHost(Environment, "-Command", "Get-ConnectList Missing");
        Assert.Equal(1, exit);
        Assert.Contains("No profile list named 'Missing'", stderr);
        Assert.Equal(0, Paths.RunHost(Environment, "-Command", "Get-ConnectList").ExitCode);
    }

    [Fact]
    public void Bad_invocations_exit_with_2()
    {
        Assert.Equal(2, Paths.RunHost(Environment).ExitCode);
        var (exit, _, stderr) = Paths.RunHost(Environment, Path.Combine(Folder, "missing.ps1"));
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", stderr);
    }

    [Fact]
    public void The_store_comes_from_CONNECTJOBS_STORE_else_the_per_user_folder()
    {
        var (_, fromEnvironment, _) = Paths.RunHost(Environment, "-Command", "$s = Get-ConnectStore; \"$($s.Source)|$($s.Path)\"");
        Assert.Equal($"Environment|{Path.Combine(Folder, "store")}", fromEnvironment.Trim());

        var xdg = Path.Combine(Folder, "xdg");
        var defaults = new Dictionary<string, string?> { ["CONNECTJOBS_STORE"] = null, ["XDG_DATA_HOME"] = xdg };
        var (_, fromDefault, _) = Paths.RunHost(defaults, "-Command", "$s = Get-ConnectStore; \"$($s.Source)|$($s.Path)\"");
        Assert.Equal($"Default|{Path.Combine(xdg, "ConnectJobs")}", fromDefault.Trim());
        Assert.True(File.Exists(Path.Combine(xdg, "ConnectJobs", "data.db")));
    }

    [Fact]
    public async Task Two_processes_write_to_one_store_at_the_same_time()
    {
        Assert.Equal(0, Paths.RunHost(Environment, "-Command", "New-ConnectList Shared").ExitCode);
        var script = Script("writer.ps1", """
            param([string]$Who)
            New-ConnectList "Own_$Who"
            foreach ($i in 1..40) {
                Add-ConnectRecord -List Shared -InputObject @{ EMAIL_ADDRESS_ = "$Who$i@example.com"; CUSTOMER_ID_ = $Who }
                $null = Get-ConnectList
            }
            """);
        var writers = await Task.WhenAll(new[] { "a", "b" }.Select(who => Task.Run(() => Paths.RunHost(Environment, script, who))));
        foreach (var writer in writers)
        {
            Assert.True(writer.ExitCode == 0, writer.Stderr);
        }

        var (_, counts, _) = Paths.RunHost(Environment, "-Command", "$r = Get-ConnectRecord -List Shared; \"$(@($r | Where-Object CUSTOMER_ID_ -eq 'a').Count) $(@($r | Where-Object CUSTOMER_ID_ -eq 'b').Count) $((Get-ConnectList Own_*).Count)\"");
        Assert.Equal("40 40 2", counts.Trim());
    }

    [Fact]
    public void Script_arguments_bind_by_name_as_pwsh_File_binds_them()
    {
        var script = Script("args.ps1", """
            [CmdletBinding()]
            param([string]$Job, [switch]$Force, [int]$Count, [string]$Note)
            "$Job|$Force|$Count|$Note"
            """);
        Assert.Equal("12|True|3|it's -1", Paths.RunHost(Environment, script, "-Job", "12", "-Force", "-Count:3", "-Note", "it's -1").Stdout.Trim());
        Assert.Equal("12|False|-5|", Paths.RunHost(Environment, script, "12", "-Count", "-5").Stdout.Trim());
        var unknown = Paths.RunHost(Environment, script, "-Nope", "1");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("Nope", unknown.Stderr);
    }

    [Fact]
    public void A_failed_job_run_anywhere_in_the_script_makes_the_exit_code_3_unless_the_script_exits_itself()
    {
        Assert.Equal(0, Paths.RunHost(Environment, "-Command", $"New-ConnectList Contacts; New-ConnectJob Nothing -List Contacts -SourceDirectory '{Folder}' -FilePattern 'none.csv'").ExitCode);

        var failedEarly = Paths.RunHost(Environment, Script("nightly.ps1", "Invoke-ConnectJob Nothing\n'report written'\n"));
        Assert.Equal(3, failedEarly.ExitCode);
        Assert.Contains("report written", failedEarly.Stdout);
        Assert.Contains("NoInboundFile", Paths.RunHost(Environment, "-Command", "(Get-ConnectJobRun -Job Nothing)[0].ErrorId").Stdout);

        Assert.Equal(3, Paths.RunHost(Environment, "-Command", "Invoke-ConnectJob Nothing -ErrorAction SilentlyContinue; Get-ConnectList").ExitCode);
        Assert.Equal(0, Paths.RunHost(Environment, Script("own.ps1", "Invoke-ConnectJob Nothing -ErrorAction SilentlyContinue\nexit 0\n")).ExitCode);
        Assert.Equal(0, Paths.RunHost(Environment, "-Command", "Get-ConnectList").ExitCode);
    }

    [Fact]
    public void A_tick_against_a_store_that_cannot_be_opened_exits_with_4()
    {
        var damaged = Directory.CreateDirectory(Path.Combine(Folder, "damaged")).FullName;
        File.WriteAllText(Path.Combine(damaged, "control.db"), "not a database, whatever the name says");
        var environment = new Dictionary<string, string?>(Environment) { ["CONNECTJOBS_STORE"] = damaged };

        var tick = Paths.RunHost(environment, "-Command", "Invoke-ConnectJob -Due");
        Assert.Equal(4, tick.ExitCode);
        Assert.Contains("control.db", tick.Stderr);
        Assert.Equal(4, Paths.RunHost(environment, Script("tick.ps1", "Invoke-ConnectJob -Due\n")).ExitCode);
        Assert.Equal(4, Paths.RunHost(environment, "-Tick").ExitCode);
        Assert.Equal(0, Paths.RunHost(Environment, "-Command", "Invoke-ConnectJob -Due").ExitCode);
    }
}
