using System.Management.Automation;
using System.Text.RegularExpressions;

namespace ConnectJobs.Module.Tests;

public class ModuleTests
{
    [Fact]
    public void The_assembled_module_imports_and_exports_exactly_the_compiled_cmdlets()
    {
        using var session = new PowerShellSession(openStore: false);
        var result = session.Run("""
            $module = Get-Module ConnectJobs
            $compiled = $module.ImplementingAssembly.GetExportedTypes() |
                Where-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
                ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" }
            [pscustomobject]@{ Exported = @($module.ExportedCmdlets.Keys); Compiled = @($compiled); Version = $module.Version; Path = $module.ModuleBase; PSVersion = $PSVersionTable.PSVersion }
            """).ShouldSucceed();
        var info = Assert.Single(result.Output);
        var exported = ((object[])info.Properties["Exported"].Value).Cast<string>().Order().ToArray();
        var compiled = ((object[])info.Properties["Compiled"].Value).Cast<string>().Order().ToArray();
        Assert.Equal(compiled, exported);
        Assert.Contains("Get-ConnectList", exported);
        Assert.Equal(Paths.ModuleFolder, (string)info.Properties["Path"].Value);
        Assert.Equal(7, ((SemanticVersion)info.Properties["PSVersion"].Value).Major);
    }

    [Fact]
    public void The_manifest_names_every_export_and_carries_the_version_of_the_build()
    {
        var source = File.ReadAllText(Path.Combine(Paths.RepoRoot, "ConnectJobs.psd1"));
        var assembled = File.ReadAllText(Paths.ModuleManifest);
        foreach (var key in new[] { "CmdletsToExport", "FunctionsToExport", "AliasesToExport", "VariablesToExport" })
        {
            var block = Regex.Match(assembled, key + @"\s*=\s*@\((?<list>[^)]*)\)").Groups["list"];
            Assert.True(block.Success, key + " is missing");
            Assert.DoesNotContain("*", block.Value);
        }

        var props = File.ReadAllText(Path.Combine(Paths.RepoRoot, "Directory.Build.props"));
        var version = Regex.Match(props, "<VersionPrefix>(?<v>[^<]+)</VersionPrefix>").Groups["v"].Value;
        Assert.Contains($"ModuleVersion = '{version}'", assembled);
        using var session = new PowerShellSession(openStore: false);
        var moduleVersion = session.Run("(Get-Module ConnectJobs).Version.ToString(3)").ShouldSucceed().Output.Single().ToString();
        Assert.Equal(version, moduleVersion);
        // Besides the version, the build adds the release notes of CHANGELOG.md (and the project and
        // license URIs when Directory.Build.props sets them) to PrivateData.PSData, and nothing else.
        var changelog = File.ReadAllLines(Path.Combine(Paths.RepoRoot, "CHANGELOG.md"));
        var notes = changelog.Skip(Array.IndexOf(changelog, "## " + version) + 1).First(l => l.Trim().Length > 0).Trim();
        Assert.Contains($"ReleaseNotes = '{notes.Replace("'", "''", StringComparison.Ordinal)}", assembled);
        const string stamped = @"ModuleVersion\s*=\s*'[^']*'|\n\s*(ReleaseNotes|ProjectUri|LicenseUri)\s*=\s*'(?:[^']|'')*'";
        Assert.Equal(Regex.Replace(source, stamped, ""), Regex.Replace(assembled, stamped, ""));
    }

    [Fact]
    public void Every_cmdlet_has_help_with_a_synopsis_a_description_and_an_example()
    {
        using var session = new PowerShellSession(openStore: false);
        var result = session.Run("""
            foreach ($name in (Get-Module ConnectJobs).ExportedCmdlets.Keys) {
                $help = Get-Help $name -Full
                [pscustomobject]@{
                    Name = $name
                    Synopsis = "$($help.Synopsis)".Trim()
                    Description = ($help.Description.Text -join ' ').Trim()
                    Examples = @($help.Examples.Example).Count
                    Code = @($help.Examples.Example | ForEach-Object code) -join "`n"
                    Parameters = @($help.Parameters.Parameter | Where-Object { $_ -and -not "$($_.Description.Text)".Trim() } | ForEach-Object name)
                }
            }
            """).ShouldSucceed();
        Assert.NotEmpty(result.Output);
        foreach (var help in result.Output)
        {
            var name = (string)help.Properties["Name"].Value;
            var synopsis = (string)help.Properties["Synopsis"].Value;
            Assert.False(synopsis.Length == 0 || synopsis.StartsWith(name, StringComparison.Ordinal), $"{name} has no synopsis");
            Assert.False(((string)help.Properties["Description"].Value).Length < 40, $"{name} has no description");
            Assert.True((int)help.Properties["Examples"].Value >= 1, $"{name} has no example");
            Assert.Contains(name, (string)help.Properties["Code"].Value);
            Assert.Empty(((object[])help.Properties["Parameters"].Value).Cast<string>());
        }
    }

    [Fact]
    public void No_cmdlet_parameter_is_typed_with_an_enum_of_the_engine()
    {
        // The engine lives in a private load context: a parameter typed with one of its enums would
        // tie PowerShell's binder and completion to that context. Cmdlets declare their own enums.
        using var session = new PowerShellSession(openStore: false);
        var output = session.Run("""
            $checked = 0
            foreach ($command in Get-Command -Module ConnectJobs) {
                foreach ($parameter in $command.Parameters.Values) {
                    $checked++
                    $type = $parameter.ParameterType
                    if ($type.IsArray) { $type = $type.GetElementType() }
                    if ([Nullable]::GetUnderlyingType($type)) { $type = [Nullable]::GetUnderlyingType($type) }
                    if ($type.IsEnum -and $type.Assembly.GetName().Name -eq 'ConnectJobs.Core') { "$($command.Name) -$($parameter.Name): $($type.FullName)" }
                }
            }
            "checked $checked"
            """).ShouldSucceed().Output.Select(o => o.ToString()).ToList();
        Assert.StartsWith("checked ", output[^1]);
        Assert.True(int.Parse(output[^1]["checked ".Length..], System.Globalization.CultureInfo.InvariantCulture) > 300, output[^1]);
        Assert.Empty(output.SkipLast(1));
    }

    [Fact]
    public void Conceptual_help_topics_are_found_by_Get_Help()
    {
        using var session = new PowerShellSession(openStore: false);
        var topics = session.Run("Get-Help about_Connect* | ForEach-Object Name").ShouldSucceed().Output.Select(o => o.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(["about_ConnectJobs", "about_ConnectJobs_Errors", "about_ConnectJobs_Filters"], topics);
        var text = string.Join("\n", session.Run("Get-Help about_ConnectJobs").ShouldSucceed().Output.Select(o => o.ToString()));
        foreach (var concept in new[] { "THE STORE", "RUNS AND THEIR STATUSES", "WHAT BECOMES OF A FILE", "EXIT CODES", "ERROR IDS", "Waiting", "UnexpectedError" })
        {
            Assert.Contains(concept, text);
        }
    }

    [Fact]
    public void The_engine_and_its_SQLite_load_in_a_private_context_beside_another_version_in_the_default_one()
    {
        // Another module's Microsoft.Data.Sqlite 8 (with its SQLitePCLRaw and native library) is
        // loaded and used first, then ConnectJobs (built on 10.x) is imported and used, then the
        // other version is used again.
        var other = Path.Combine(AppContext.BaseDirectory, "Microsoft.Data.Sqlite.dll");
        using var session = new PowerShellSession(openStore: false);
        var result = session.Run($$"""
            $null = [System.Reflection.Assembly]::LoadFrom('{{other}}')
            $theirs = [Microsoft.Data.Sqlite.SqliteConnection]::new('Data Source=:memory:')
            $theirs.Open()
            $cmd = $theirs.CreateCommand(); $cmd.CommandText = 'select 40 + 2'
            $before = $cmd.ExecuteScalar()
            Open-ConnectStore -Path '{{Paths.NewTempFolder()}}'
            New-ConnectList Isolation -Column 'N:Number'
            Add-ConnectRecord -List Isolation -InputObject @{ N = 7 }
            $ours = (Get-ConnectRecord -List Isolation).N
            $after = $cmd.ExecuteScalar()
            $theirs.Close()
            $loaded = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Microsoft.Data.Sqlite' } |
                ForEach-Object { '{0}@{1}' -f $_.GetName().Version.Major, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name }
            [pscustomobject]@{ Before = $before; Ours = $ours; After = $after; Loaded = @($loaded) }
            """).ShouldSucceed();
        var outcome = Assert.Single(result.Output);
        Assert.Equal(42L, outcome.Properties["Before"].Value);
        Assert.Equal(7L, outcome.Properties["Ours"].Value);
        Assert.Equal(42L, outcome.Properties["After"].Value);
        var loaded = ((object[])outcome.Properties["Loaded"].Value).Cast<string>().ToArray();
        Assert.Contains("8@Default", loaded);
        Assert.Contains("10@ConnectJobs.Engine", loaded);
    }

    [Fact]
    public void The_native_SQLite_of_every_supported_platform_ships_with_the_module()
    {
        var runtimes = Path.Combine(Paths.ModuleFolder, "Dependencies", "runtimes");
        foreach (var (rid, file) in new[]
        {
            ("linux-x64", "libe_sqlite3.so"), ("linux-arm64", "libe_sqlite3.so"), ("linux-musl-x64", "libe_sqlite3.so"),
            ("osx-x64", "libe_sqlite3.dylib"), ("osx-arm64", "libe_sqlite3.dylib"), ("win-x64", "e_sqlite3.dll"), ("win-arm64", "e_sqlite3.dll"),
        })
        {
            Assert.True(File.Exists(Path.Combine(runtimes, rid, "native", file)), $"{rid}/native/{file} is missing");
        }

        // Nothing of the engine sits beside the cmdlet assembly, where the default context could find it.
        Assert.Equal(["ConnectJobs.dll"], Directory.GetFiles(Paths.ModuleFolder, "*.dll").Select(Path.GetFileName));
    }
}
