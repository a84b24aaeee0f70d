using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Xml.Linq;

/// <summary>The assembled manifest's stamped values, and the package's nuspec made from the module.</summary>
internal static partial class Manifest
{
    /// <summary>The source manifest with the version, the release notes and (when given) the project and
    /// license URIs of this build.</summary>
    public static string Stamp(string source, string version, string releaseNotes, string projectUri, string licenseUri)
    {
        var text = VersionPattern().Replace(source, $"ModuleVersion = '{version}'");
        var psData = new List<string> { $"ReleaseNotes = '{releaseNotes.Replace("'", "''", StringComparison.Ordinal)}'" };
        if (projectUri.Length > 0)
        {
            psData.Add($"ProjectUri   = '{projectUri}'");
        }

        if (licenseUri.Length > 0)
        {
            psData.Add($"LicenseUri   = '{licenseUri}'");
        }

        return PsDataPattern().Replace(text, m => m.Value + string.Concat(psData.Select(line => "\n            " + line)), 1);
    }

    /// <summary>The nuspec of the module folder as the PowerShell Gallery lays a module out (its files at
    /// the package's root), with the tags PowerShellGet searches by.</summary>
    public static string Nuspec(PSModuleInfo module, string folder, IEnumerable<string> commands)
    {
        XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
        var tags = GalleryTags
            .Concat(module.Tags)
            .Concat(commands.SelectMany(c => new[] { "PSCmdlet_" + c, "PSCommand_" + c }))
            .Concat(module.CompatiblePSEditions.Select(e => "PSEdition_" + e));
        var metadata = new XElement(ns + "metadata",
            new XElement(ns + "id", module.Name),
            new XElement(ns + "version", module.Version.ToString(3)),
            new XElement(ns + "authors", module.Author),
            new XElement(ns + "description", module.Description),
            new XElement(ns + "releaseNotes", module.ReleaseNotes),
            new XElement(ns + "copyright", module.Copyright),
            new XElement(ns + "tags", string.Join(' ', tags)));
        if (module.ProjectUri is { } project)
        {
            metadata.Add(new XElement(ns + "projectUrl", project));
        }

        var files = new XElement(ns + "files",
            new XElement(ns + "file", new XAttribute("src", folder + "/**"), new XAttribute("target", ""), new XAttribute("exclude", folder + "/**/*.pdb")));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(ns + "package", metadata, files)).ToString() + "\n";
    }

    /// <summary>What the PowerShell Gallery tags a binary module with.</summary>
    private static readonly string[] GalleryTags = ["PSModule", "PSIncludes_Cmdlet"];

    [GeneratedRegex(@"ModuleVersion\s*=\s*'[^']*'")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"PSData\s*=\s*@\{")]
    private static partial Regex PsDataPattern();
}

/// <summary>CHANGELOG.md: a '## VERSION' heading per version, newest first.</summary>
internal static class Changelog
{
    /// <summary>The text under the version's heading (up to the next one), or null when it has none.</summary>
    public static string? Section(string changelog, string version)
    {
        var lines = changelog.ReplaceLineEndings("\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == "## " + version || l.StartsWith("## " + version + " ", StringComparison.Ordinal));
        if (start < 0)
        {
            return null;
        }

        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        return string.Join('\n', lines[(start + 1)..(end < 0 ? lines.Length : end)]).Trim();
    }
}
