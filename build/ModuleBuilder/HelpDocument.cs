using System.Management.Automation;
using System.Text.RegularExpressions;

/// <summary>One cmdlet's help as written in docs/help/NAME.md: '## SECTION' headings, '### ' entries
/// under EXAMPLES, PARAMETERS, INPUTS and OUTPUTS, and fenced code blocks in examples.</summary>
internal sealed partial class HelpDocument
{
    public string Synopsis { get; private set; } = "";

    public string Description { get; private set; } = "";

    public string Notes { get; private set; } = "";

    public List<(string Title, string Code, string Remarks)> Examples { get; } = [];

    public Dictionary<string, string> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<(string Type, string Text)> Inputs { get; } = [];

    public List<(string Type, string Text)> Outputs { get; } = [];

    public List<string> Links { get; } = [];

    /// <summary>Descriptions of the parameters ShouldProcess adds, so each doc need not repeat them.</summary>
    public static readonly Dictionary<string, string> StandardParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WhatIf"] = "Shows what would happen if the cmdlet runs. Nothing is changed.",
        ["Confirm"] = "Prompts you for confirmation before running the cmdlet.",
    };

    public static HelpDocument Parse(string markdown)
    {
        var doc = new HelpDocument();
        foreach (Match section in SectionPattern().Matches(markdown.Replace("\r\n", "\n")))
        {
            var body = section.Groups["body"].Value.Trim();
            switch (section.Groups["name"].Value.Trim().ToUpperInvariant())
            {
                case "SYNOPSIS":
                    doc.Synopsis = body;
                    break;
                case "DESCRIPTION":
                    doc.Description = body;
                    break;
                case "NOTES":
                    doc.Notes = body;
                    break;
                case "EXAMPLES":
                    foreach (var (title, text) in Entries(body))
                    {
                        var code = CodePattern().Match(text);
                        doc.Examples.Add((title, code.Groups["code"].Value.Trim(), code.Success ? text.Remove(code.Index, code.Length).Trim() : text));
                    }

                    break;
                case "PARAMETERS":
                    foreach (var (name, text) in Entries(body))
                    {
                        doc.Parameters[name.TrimStart('-')] = text;
                    }

                    break;
                case "INPUTS":
                    doc.Inputs.AddRange(Entries(body));
                    break;
                case "OUTPUTS":
                    doc.Outputs.AddRange(Entries(body));
                    break;
                case "RELATED LINKS":
                    doc.Links.AddRange(body.Split('\n').Select(l => l.Trim().TrimStart('-', ' ')).Where(l => l.Length > 0));
                    break;
            }
        }

        return doc;
    }

    /// <summary>What is missing for this cmdlet: every cmdlet needs a synopsis, a description, an
    /// example, and a description of each of its own parameters.</summary>
    public IEnumerable<string> Check(CmdletInfo cmdlet)
    {
        if (Synopsis.Length == 0)
        {
            yield return $"{cmdlet.Name}: no SYNOPSIS";
        }

        if (Description.Length == 0)
        {
            yield return $"{cmdlet.Name}: no DESCRIPTION";
        }

        if (Examples.Count == 0 || Examples.Any(e => e.Code.Length == 0))
        {
            yield return $"{cmdlet.Name}: no EXAMPLES, or an example without a code block";
        }

        foreach (var parameter in Maml.OwnParameters(cmdlet))
        {
            if (!Parameters.ContainsKey(parameter.Name) && !StandardParameters.ContainsKey(parameter.Name))
            {
                yield return $"{cmdlet.Name}: parameter -{parameter.Name} is not described";
            }
        }

        foreach (var name in Parameters.Keys.Where(n => !cmdlet.Parameters.ContainsKey(n)))
        {
            yield return $"{cmdlet.Name}: the help describes -{name}, which the cmdlet does not have";
        }
    }

    private static IEnumerable<(string Title, string Text)> Entries(string body) =>
        EntryPattern().Matches(body).Select(m => (m.Groups["title"].Value.Trim(), m.Groups["text"].Value.Trim()));

    [GeneratedRegex(@"^## (?<name>[^\n]+)\n(?<body>.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SectionPattern();

    [GeneratedRegex(@"^### (?<title>[^\n]+)\n(?<text>.*?)(?=^### |\z)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex EntryPattern();

    [GeneratedRegex(@"```[a-z]*\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodePattern();
}
