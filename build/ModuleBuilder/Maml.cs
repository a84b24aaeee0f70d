using System.Management.Automation;
using System.Xml.Linq;

/// <summary>Writes one cmdlet's MAML: text from its help document, syntax and parameters from the
/// metadata PowerShell itself reads (sets, positions, pipeline input, aliases, wildcards).</summary>
internal static class Maml
{
    private static readonly HashSet<string> CommonParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
        "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
    };

    public static IEnumerable<ParameterMetadata> OwnParameters(CmdletInfo cmdlet) =>
        cmdlet.Parameters.Values.Where(p => !CommonParameters.Contains(p.Name));

    public static XElement Command(CmdletInfo cmdlet, HelpDocument doc, XNamespace maml, XNamespace command, XNamespace dev)
    {
        XElement Paras(XName name, string text) => new(name, text.Split("\n\n").Select(p => new XElement(maml + "para", p.Replace('\n', ' ').Trim())));

        string Describe(string parameter) => doc.Parameters.TryGetValue(parameter, out var text) ? text : HelpDocument.StandardParameters.GetValueOrDefault(parameter, "");

        XElement Parameter(ParameterMetadata parameter, ParameterSetMetadata? set)
        {
            var sets = parameter.ParameterSets.Values.ToList();
            set ??= sets.FirstOrDefault();
            var pipeline = new List<string>();
            if (set?.ValueFromPipeline == true)
            {
                pipeline.Add("ByValue");
            }

            if (set?.ValueFromPipelineByPropertyName == true)
            {
                pipeline.Add("ByPropertyName");
            }

            var typeName = parameter.SwitchParameter ? "SwitchParameter" : parameter.ParameterType.Name;
            var globbing = parameter.Attributes.OfType<SupportsWildcardsAttribute>().Any();
            var validValues = parameter.Attributes.OfType<ValidateSetAttribute>().SelectMany(v => v.ValidValues).ToList();
            return new XElement(command + "parameter",
                new XAttribute("required", set?.IsMandatory == true ? "true" : "false"),
                new XAttribute("variableLength", parameter.ParameterType.IsArray ? "true" : "false"),
                new XAttribute("globbing", globbing ? "true" : "false"),
                new XAttribute("pipelineInput", pipeline.Count == 0 ? "False" : $"True ({string.Join(", ", pipeline)})"),
                new XAttribute("position", set is null || set.Position < 0 ? "named" : set.Position.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new XAttribute("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases)),
                new XElement(maml + "name", parameter.Name),
                Paras(maml + "description", Describe(parameter.Name)),
                validValues.Count > 0 ? new XElement(command + "parameterValueGroup", validValues.Select(v => new XElement(command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))) : null,
                parameter.SwitchParameter ? null : new XElement(command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), typeName),
                new XElement(dev + "type", new XElement(maml + "name", parameter.ParameterType.FullName)));
        }

        var syntax = cmdlet.ParameterSets.Select(set => new XElement(command + "syntaxItem",
            new XElement(maml + "name", cmdlet.Name),
            set.Parameters.Where(p => !CommonParameters.Contains(p.Name))
                .OrderBy(p => p.Position < 0 ? int.MaxValue : p.Position)
                .Select(p => Parameter(cmdlet.Parameters[p.Name], p.Name is "WhatIf" or "Confirm" ? null : cmdlet.Parameters[p.Name].ParameterSets.GetValueOrDefault(set.Name) ?? cmdlet.Parameters[p.Name].ParameterSets.GetValueOrDefault("__AllParameterSets")))));

        return new XElement(command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", maml),
            new XAttribute(XNamespace.Xmlns + "command", command),
            new XAttribute(XNamespace.Xmlns + "dev", dev),
            new XElement(command + "details",
                new XElement(command + "name", cmdlet.Name),
                new XElement(command + "verb", cmdlet.Verb),
                new XElement(command + "noun", cmdlet.Noun),
                Paras(maml + "description", doc.Synopsis)),
            Paras(maml + "description", doc.Description),
            new XElement(command + "syntax", syntax),
            new XElement(command + "parameters", OwnParameters(cmdlet).Select(p => Parameter(p, null))),
            new XElement(command + "inputTypes", doc.Inputs.Select(i => new XElement(command + "inputType",
                new XElement(dev + "type", new XElement(maml + "name", i.Type)), Paras(maml + "description", i.Text)))),
            new XElement(command + "returnValues", doc.Outputs.Select(o => new XElement(command + "returnValue",
                new XElement(dev + "type", new XElement(maml + "name", o.Type)), Paras(maml + "description", o.Text)))),
            new XElement(maml + "alertSet", new XElement(maml + "alert", Paras(maml + "para", doc.Notes).Elements())),
            new XElement(command + "examples", doc.Examples.Select(e => new XElement(command + "example",
                new XElement(maml + "title", $"-------------------------- {e.Title} --------------------------"),
                new XElement(dev + "code", e.Code),
                Paras(dev + "remarks", e.Remarks)))),
            new XElement(command + "relatedLinks", doc.Links.Select(l => new XElement(maml + "navigationLink",
                new XElement(maml + "linkText", l), new XElement(maml + "uri")))));
    }
}
