using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.RegularExpressions;
using System.Xml.Linq;

// Usage: ModuleBuilder <module folder> <source manifest> <help markdown folder> <version> <changelog> [<project URI> <license URI>]
if (args.Length is not (5 or 7))
{
    Console.Error.WriteLine("usage: ModuleBuilder <module folder> <source manifest> <help folder> <version> <changelog> [<project URI> <license URI>]");
    return 2;
}

var (moduleDir, sourceManifest, helpDir, version, changelog) = (Path.GetFullPath(args[0]), args[1], args[2], args[3], args[4]);
var (projectUri, licenseUri) = args.Length == 7 ? (args[5], args[6]) : ("", "");
var releaseNotes = Changelog.Section(File.ReadAllText(changelog), version);
if (releaseNotes is null)
{
    Console.Error.WriteLine($"error CJCHANGELOG: {changelog} has no section '## {version}': write what this version changes before building it.");
    return 1;
}

var manifest = Manifest.Stamp(File.ReadAllText(sourceManifest), version, releaseNotes, projectUri, licenseUri);
var manifestPath = Path.Combine(moduleDir, "ConnectJobs.psd1");
if (!File.Exists(manifestPath) || File.ReadAllText(manifestPath) != manifest)
{
    File.WriteAllText(manifestPath, manifest);
}

var iss = InitialSessionState.CreateDefault2();
if (OperatingSystem.IsWindows())
{
    iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
}
using var runspace = RunspaceFactory.CreateRunspace(iss);
runspace.Open();
using var ps = PowerShell.Create(runspace);
ps.AddScript("param($m) Import-Module -Name $m -PassThru").AddArgument(manifestPath);
var module = ps.Invoke().Select(o => (PSModuleInfo)o.BaseObject).SingleOrDefault();
var commands = module?.ExportedCmdlets.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToList() ?? [];
if (ps.HadErrors || commands.Count == 0)
{
    foreach (var error in ps.Streams.Error)
    {
        Console.Error.WriteLine(error.Exception);
    }

    Console.Error.WriteLine("ModuleBuilder: the module exported no cmdlets.");
    return 1;
}

var problems = new List<string>();
XNamespace msh = "http://msh";
XNamespace maml = "http://schemas.microsoft.com/maml/2004/10";
XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
XNamespace dev = "http://schemas.microsoft.com/maml/dev/2004/10";
var items = new XElement(msh + "helpItems", new XAttribute("schema", "maml"));

// Parameters that several cmdlets share (the file layout of exports, say) are described once here;
// a cmdlet's own file can still describe one its own way.
var sharedPath = Path.Combine(helpDir, "shared", "parameters.md");
var shared = File.Exists(sharedPath) ? HelpDocument.Parse(File.ReadAllText(sharedPath)).Parameters : [];
foreach (var cmdlet in commands)
{
    var file = Path.Combine(helpDir, cmdlet.Name + ".md");
    if (!File.Exists(file))
    {
        problems.Add($"{cmdlet.Name}: no help file {file}");
        continue;
    }

    var doc = HelpDocument.Parse(File.ReadAllText(file));
    foreach (var (name, text) in shared.Where(p => cmdlet.Parameters.ContainsKey(p.Key)))
    {
        doc.Parameters.TryAdd(name, text);
    }

    problems.AddRange(doc.Check(cmdlet));
    items.Add(Maml.Command(cmdlet, doc, maml, command, dev));
}

if (problems.Count > 0)
{
    foreach (var problem in problems)
    {
        Console.Error.WriteLine($"error CJHELP: {problem}");
    }

    return 1;
}

var helpPath = Path.Combine(moduleDir, "en-US", "ConnectJobs.dll-Help.xml");
Directory.CreateDirectory(Path.GetDirectoryName(helpPath)!);
new XDocument(new XDeclaration("1.0", "utf-8", null), items).Save(helpPath);

// Conceptual topics (Get-Help about_ConnectJobs) sit beside the cmdlet help.
foreach (var topic in Directory.EnumerateFiles(Path.Combine(helpDir, "about"), "about_*.help.txt"))
{
    File.Copy(topic, Path.Combine(moduleDir, "en-US", Path.GetFileName(topic)), overwrite: true);
}

// The package's own description of the module (dotnet pack src/ConnectJobs reads it): what
// Publish-PSResource would write, so that Find-PSResource -Command finds the cmdlets.
var nuspecPath = Path.Combine(Path.GetDirectoryName(moduleDir)!, "ConnectJobs.nuspec");
var nuspec = Manifest.Nuspec(module!, Path.GetFileName(moduleDir), [.. commands.Select(c => c.Name), .. module!.ExportedAliases.Keys]);
if (!File.Exists(nuspecPath) || File.ReadAllText(nuspecPath) != nuspec)
{
    File.WriteAllText(nuspecPath, nuspec);
}

Console.WriteLine($"ModuleBuilder: {manifestPath} at {version}, help for {commands.Count} cmdlets.");
return 0;
