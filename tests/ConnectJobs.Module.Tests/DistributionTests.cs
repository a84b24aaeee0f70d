using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using ConnectJobs.Core.Tests;

namespace ConnectJobs.Module.Tests;

/// <summary>Builds run alone: they keep both cores busy, and other tests time what processes can do.</summary>
[CollectionDefinition(nameof(DistributionTests), DisableParallelization = true)]
public sealed class DistributionCollection;

/// <summary>What users install: the module package (as Install-PSResource gets it) and the
/// self-contained runners (as a server gets them), made the way README says.</summary>
[Collection(nameof(DistributionTests))]
public sealed partial class DistributionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cj-dist-").FullName;

    private static string Version { get; } = VersionPrefix().Match(File.ReadAllText(Path.Combine(Paths.RepoRoot, "Directory.Build.props"))).Groups[1].Value;

    public void Dispose() => Paths.DeleteFolder(_folder);

    [Fact]
    public void The_package_holds_the_module_as_the_gallery_lays_it_out_and_imports_from_where_it_is_extracted()
    {
        var built = Dotnet("pack", Path.Combine(Paths.RepoRoot, "src", "ConnectJobs", "ConnectJobs.csproj"), "--no-build", "-o", Path.Combine(_folder, "packages"));
        Assert.True(built.ExitCode == 0, built.Output);
        var package = Path.Combine(_folder, "packages", $"ConnectJobs.{Version}.nupkg");

        // The module's files at the root, the native SQLite of every platform, help, no symbols.
        var module = Path.Combine(_folder, "Modules", "ConnectJobs");
        using (var zip = ZipFile.OpenRead(package))
        {
            var names = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Empty(new[] { "ConnectJobs.psd1", "ConnectJobs.dll", "ConnectJobs.format.ps1xml", "ConnectJobs.types.ps1xml", "en-US/ConnectJobs.dll-Help.xml",
                "en-US/about_ConnectJobs.help.txt", "Dependencies/ConnectJobs.Core.dll", "Dependencies/runtimes/linux-x64/native/libe_sqlite3.so",
                "Dependencies/runtimes/linux-arm64/native/libe_sqlite3.so", "Dependencies/runtimes/win-x64/native/e_sqlite3.dll", "Dependencies/runtimes/osx-arm64/native/libe_sqlite3.dylib" }.Except(names));
            Assert.DoesNotContain(names, n => n.EndsWith(".pdb", StringComparison.Ordinal));
            using (var nuspec = new StreamReader(zip.GetEntry("ConnectJobs.nuspec")!.Open()))
            {
                var text = nuspec.ReadToEnd();
                Assert.Contains($"<version>{Version}</version>", text);
                Assert.Matches(@"<tags>PSModule PSIncludes_Cmdlet .*PSCmdlet_Import-ConnectDefinition PSCommand_Import-ConnectDefinition", text);
            }

            // As PSResourceGet installs it: the package's own bookkeeping left out.
            foreach (var entry in zip.Entries.Where(e => e.Name.Length > 0 && !e.FullName.StartsWith("_rels/", StringComparison.Ordinal) && !e.FullName.StartsWith("package/", StringComparison.Ordinal)
                && e.FullName is not "[Content_Types].xml" and not "ConnectJobs.nuspec"))
            {
                var path = Path.Combine(module, entry.FullName);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                entry.ExtractToFile(path);
            }
        }

        var environment = new Dictionary<string, string?> { ["CONNECTJOBS_MODULE"] = Path.Combine(module, "ConnectJobs.psd1"), ["CONNECTJOBS_STORE"] = Path.Combine(_folder, "store"), ["NO_COLOR"] = "1" };
        var check = Paths.RunHost(environment, "-Command", """
            $m = Test-ModuleManifest $env:CONNECTJOBS_MODULE
            $m.Version.ToString()
            (Get-Module ConnectJobs).ModuleBase
            $m.PrivateData.PSData.ReleaseNotes.Split("`n")[0]
            'exported: ' + [string]::Join(',', [string[]]$m.ExportedCmdlets.Keys)
            $cmdlets = foreach ($type in (Get-Module ConnectJobs).ImplementingAssembly.GetExportedTypes()) {
                foreach ($a in $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)) { $a.VerbName + '-' + $a.NounName }
            }
            'cmdlets: ' + [string]::Join(',', [string[]]$cmdlets)
            New-ConnectList Contacts | Out-Null
            (Get-ConnectList).Name
            (Get-Help Import-ConnectDefinition).Synopsis.Length -gt 20
            """);
        Assert.True(check.ExitCode == 0, check.Stderr);
        var lines = check.Stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Version, lines[0]);
        Assert.Equal(module, lines[1]);
        Assert.Equal(FirstReleaseNote(), lines[2]);
        var exported = lines[3]["exported: ".Length..].Split(',').Order(StringComparer.Ordinal);
        var cmdlets = lines[4]["cmdlets: ".Length..].Split(',').Order(StringComparer.Ordinal);
        Assert.Equal(cmdlets, exported);
        Assert.Equal(["Contacts", "True"], lines[5..]);
    }

    [Fact]
    [Trait("Category", TestCategory.Slow)]
    public async Task The_runners_hold_the_runtime_the_module_and_the_scheduler_examples_and_the_linux_one_runs_here()
    {
        var runners = Path.Combine(_folder, "runner") + Path.DirectorySeparatorChar;
        var built = Dotnet("build", Path.Combine(Paths.RepoRoot, "src", "ConnectJobs.Host", "ConnectJobs.Host.csproj"), "-t:Runners", "-c", "Release",
            $"-p:RunnerOut={runners}", $"-p:ModuleOut={Path.Combine(_folder, "module")}{Path.DirectorySeparatorChar}");
        Assert.True(built.ExitCode == 0, built.Output);

        string[] common = ["connectjobs/Modules/ConnectJobs/ConnectJobs.psd1", "connectjobs/Modules/ConnectJobs/Dependencies/ConnectJobs.Core.dll",
            "connectjobs/deploy/systemd/connectjobs-tick.service", "connectjobs/deploy/systemd/connectjobs-tick.timer", "connectjobs/deploy/cron/connectjobs-tick", "connectjobs/deploy/windows/ConnectJobs-Tick.xml"];
        using (var zip = ZipFile.OpenRead(runners + "win-x64.zip"))
        {
            Assert.Empty(common.Append("connectjobs/connectjobs-run.exe").Append("connectjobs/coreclr.dll").Except(zip.Entries.Select(e => e.FullName.Replace('\\', '/'))));
        }

        foreach (var (rid, runtime) in new[] { ("linux-x64", "libcoreclr.so"), ("linux-arm64", "libcoreclr.so"), ("osx-arm64", "libcoreclr.dylib") })
        {
            var listing = Run("tar", "-tzf", runners + rid + ".tar.gz");
            Assert.Empty(common.Append("connectjobs/connectjobs-run").Append("connectjobs/" + runtime).Except(listing.Output.Split('\n', StringSplitOptions.TrimEntries)));
        }

        // Unpacked as a server would, and run with no .NET on the path and none to find.
        var opt = Directory.CreateDirectory(Path.Combine(_folder, "opt")).FullName;
        Assert.Equal(0, Run("tar", "-xzf", runners + "linux-x64.tar.gz", "-C", opt).ExitCode);
        var start = new ProcessStartInfo(Path.Combine(opt, "connectjobs", "connectjobs-run")) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-Command");
        start.ArgumentList.Add("(Get-ConnectStore).SchemaVersion; (Get-Module ConnectJobs).ModuleBase");
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/sbin:/usr/sbin:/sbin:/bin";
        start.Environment["HOME"] = _folder;
        start.Environment["DOTNET_ROOT"] = Path.Combine(_folder, "no-dotnet");
        start.Environment["CONNECTJOBS_STORE"] = Path.Combine(_folder, "store");
        start.Environment["NO_COLOR"] = "1";
        using var runner = Process.Start(start)!;
        var stdout = runner.StandardOutput.ReadToEndAsync();
        var stderr = runner.StandardError.ReadToEndAsync();
        await runner.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        Assert.True(runner.ExitCode == 0, await stderr);
        var schema = Paths.RunHost(new Dictionary<string, string?> { ["CONNECTJOBS_STORE"] = Path.Combine(_folder, "other"), ["NO_COLOR"] = "1" }, "-Command", "(Get-ConnectStore).SchemaVersion").Stdout.Trim();
        Assert.Equal([schema, Path.Combine(opt, "connectjobs", "Modules", "ConnectJobs")], (await stdout).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The first line of this version's section of CHANGELOG.md.</summary>
    private static string FirstReleaseNote()
    {
        var lines = File.ReadAllLines(Path.Combine(Paths.RepoRoot, "CHANGELOG.md"));
        var heading = Array.IndexOf(lines, "## " + Version);
        return lines.Skip(heading + 1).First(l => l.Trim().Length > 0).Trim();
    }

    private static (int ExitCode, string Output) Dotnet(params string[] arguments) => Run("dotnet", arguments);

    private static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Paths.RepoRoot };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in 15 minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [GeneratedRegex("<VersionPrefix>([^<]+)</VersionPrefix>")]
    private static partial Regex VersionPrefix();
}
