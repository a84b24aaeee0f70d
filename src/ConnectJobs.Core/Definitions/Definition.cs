using System.Text.Json.Nodes;

namespace ConnectJobs.Definitions;

/// <summary>The kinds of definition, each a folder of files when exported.</summary>
public enum DefinitionKind
{
    Connection,
    List,
    Table,
    Filter,

    /// <summary>An import or export job.</summary>
    Job,

    /// <summary>An event feed (an export job of events).</summary>
    Feed,
    Group,
}

/// <summary>What applying a definition does to the store.</summary>
public enum DefinitionAction
{
    Create,
    Change,
    Remove,
}

/// <summary>One field of a changed definition: its path in the file (e.g. <c>Settings.FilePattern</c>)
/// and its value before and after, as JSON text (null where the field is absent).</summary>
public sealed record FieldChange(string Field, string? OldValue, string? NewValue);

/// <summary>One step of a plan (Import-ConnectDefinition): what happens to which definition, with each
/// changed field; <see cref="Notes"/> says what the user still has to do (a secret to set).</summary>
public sealed record DefinitionChange(DefinitionAction Action, DefinitionKind Kind, string Name, IReadOnlyList<FieldChange> Fields, string? File)
{
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The changed fields' names, for the table view.</summary>
    public string FieldNames => string.Join(", ", Fields.Select(f => f.Field));
}

/// <summary>One object's definition: its kind and name, its canonical JSON body (stable key order, no
/// ids or timestamps: what a file holds) and the typed form the store is changed from. Read from a
/// file, it knows the file and the line of each field, for errors.</summary>
public sealed class Definition
{
    internal Definition(DefinitionKind kind, string name, JsonObject body, object form, string? file = null, IReadOnlyDictionary<string, int>? lines = null)
    {
        Kind = kind;
        Name = name;
        Body = body;
        Form = form;
        File = file;
        Lines = lines ?? new Dictionary<string, int>();
    }

    public DefinitionKind Kind { get; }

    public string Name { get; }

    internal JsonObject Body { get; }

    /// <summary>A <c>Connection</c>, <c>ListForm</c>, <c>TableForm</c>, <c>FilterForm</c>, <c>JobForm</c> or <c>GroupForm</c>.</summary>
    internal object Form { get; }

    /// <summary>The file it was read from; null for a definition read from the store.</summary>
    public string? File { get; }

    /// <summary>The line of each field path in <see cref="File"/>.</summary>
    internal IReadOnlyDictionary<string, int> Lines { get; }

    /// <summary>The line of a field (or of the nearest enclosing one), or 1.</summary>
    internal int LineOf(string? path)
    {
        while (!string.IsNullOrEmpty(path))
        {
            if (Lines.TryGetValue(path, out var line))
            {
                return line;
            }

            var dot = path.LastIndexOf('.');
            path = dot < 0 ? null : path[..dot];
        }

        return 1;
    }

    /// <summary>The line of the first field whose value is <paramref name="value"/> (a name an error
    /// names), or of the name.</summary>
    internal int LineOfValue(object? value)
    {
        var text = value?.ToString();
        if (!string.IsNullOrEmpty(text))
        {
            foreach (var (path, node) in DefinitionDiff.Flatten(Body))
            {
                var values = node is JsonArray array ? array.AsEnumerable() : [node];
                if (values.Any(v => v is JsonValue value && value.TryGetValue<string>(out var s) && s.Equals(text, StringComparison.OrdinalIgnoreCase)))
                {
                    return LineOf(path);
                }
            }
        }

        return LineOf("Name");
    }

    public override string ToString() => $"{Kind} {Name}";
}
