using System.Text.Json.Nodes;

namespace ConnectJobs.Definitions;

/// <summary>The plan: what the files change in the store, compared body to body (both canonical, so
/// only a real difference shows), field by field.</summary>
internal static class DefinitionDiff
{
    /// <summary>The order kinds are made in (later ones name earlier ones); removals go the other way.</summary>
    internal static readonly DefinitionKind[] Order =
        [DefinitionKind.Connection, DefinitionKind.List, DefinitionKind.Table, DefinitionKind.Filter, DefinitionKind.Job, DefinitionKind.Feed, DefinitionKind.Group];

    public static IReadOnlyList<DefinitionChange> Plan(IReadOnlyList<Definition> current, IReadOnlyList<Definition> desired, bool prune)
    {
        var changes = new List<DefinitionChange>();
        foreach (var kind in Order)
        {
            var stored = current.Where(d => d.Kind == kind).ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);

            // A group that gives up a member goes before the others, so that a job moved from one group
            // to another has left the first when the second takes it (a job is in one group at most).
            var ordered = desired.Where(d => d.Kind == kind)
                .OrderBy(d => stored.TryGetValue(d.Name, out var was) && GivesUpMembers(was, d) ? 0 : 1)
                .ThenBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
                .ToArray();
            foreach (var wanted in ordered)
            {
                if (!stored.Remove(wanted.Name, out var existing))
                {
                    changes.Add(new DefinitionChange(DefinitionAction.Create, kind, wanted.Name, [], wanted.File) { Notes = CreateNotes(wanted) });
                    continue;
                }

                var fields = Compare(existing.Body, wanted.Body);
                if (fields.Count > 0)
                {
                    changes.Add(new DefinitionChange(DefinitionAction.Change, kind, existing.Name, fields, wanted.File));
                }
            }

            if (prune)
            {
                changes.AddRange(stored.Values.OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
                    .Select(d => new DefinitionChange(DefinitionAction.Remove, kind, d.Name, [], null)));
            }
        }

        return changes;
    }

    /// <summary>Each field that differs, by path; arrays and values compare whole.</summary>
    public static IReadOnlyList<FieldChange> Compare(JsonObject before, JsonObject after)
    {
        var old = Flatten(before).ToDictionary(p => p.Path, p => p.Node.ToJsonString(), StringComparer.Ordinal);
        var changes = new List<FieldChange>();
        foreach (var (path, node) in Flatten(after))
        {
            var value = node.ToJsonString();
            if (!old.Remove(path, out var was) || was != value)
            {
                changes.Add(new FieldChange(path, was, value));
            }
        }

        changes.AddRange(old.Select(o => new FieldChange(o.Key, o.Value, null)));
        return changes;
    }

    /// <summary>The leaves of a body (values and arrays) with their dotted paths, in file order.</summary>
    public static IEnumerable<(string Path, JsonNode Node)> Flatten(JsonObject body, string prefix = "")
    {
        foreach (var (key, node) in body)
        {
            if (node is null)
            {
                continue;
            }

            var path = prefix + key;
            if (node is JsonObject inner)
            {
                foreach (var leaf in Flatten(inner, path + "."))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return (path, node);
            }
        }
    }

    private static bool GivesUpMembers(Definition before, Definition after) =>
        before.Form is GroupForm old && after.Form is GroupForm now && old.Jobs.Except(now.Jobs, StringComparer.OrdinalIgnoreCase).Any();

    private static IReadOnlyList<string> CreateNotes(Definition definition) =>
        definition.Kind == DefinitionKind.Connection && definition.Form is Connections.Connection { Authentication: not Connections.ConnectionAuthentication.StoredKey }
            ? [definition.Body[DefinitionForms.SecretProperty]?.GetValue<string>() ?? ""]
            : [];
}
