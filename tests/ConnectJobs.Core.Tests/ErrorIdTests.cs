using System.Reflection;
using System.Text.RegularExpressions;

namespace ConnectJobs.Core.Tests;

/// <summary>Error ids are declared once (ErrorIds), used by name, and each is described in the help.</summary>
public sealed partial class ErrorIdTests
{
    private static readonly string RepoRoot = Repository.Root;

    private static IReadOnlyList<string> Declared() =>
        typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Every_error_id_is_described_in_about_ConnectJobs_Errors_and_the_topic_names_no_other()
    {
        var topic = File.ReadAllText(Path.Combine(RepoRoot, "docs", "help", "about", "about_ConnectJobs_Errors.help.txt"));
        var described = DescribedId().Matches(topic).Select(m => m.Groups["id"].Value).Order(StringComparer.Ordinal).ToList();

        Assert.True(Declared().Count > 100);
        Assert.Equal(Declared(), described);
    }

    [Fact]
    public void No_source_file_spells_an_error_id_as_a_string()
    {
        var ids = Declared().ToHashSet(StringComparer.Ordinal);
        var spelled = Directory.EnumerateFiles(Path.Combine(RepoRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && Path.GetFileName(f) != "ErrorIds.cs")
            .SelectMany(f => StringLiteral().Matches(File.ReadAllText(f)).Where(m => ids.Contains(m.Groups[1].Value)).Select(m => $"{Path.GetFileName(f)}: {m.Value}"))
            .ToList();
        Assert.Empty(spelled);
    }

    // An id line of the topic: four spaces, the id, then its description on the next line: '        [category] ...'.
    [GeneratedRegex(@"^    (?<id>[A-Z][A-Za-z]+)\r?\n        \[", RegexOptions.Multiline)]
    private static partial Regex DescribedId();

    [GeneratedRegex("\"([A-Z][A-Za-z]+)\"")]
    private static partial Regex StringLiteral();
}
