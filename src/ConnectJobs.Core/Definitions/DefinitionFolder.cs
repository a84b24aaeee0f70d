using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ConnectJobs.Definitions;

/// <summary>A folder of definition files: a subfolder per kind, a JSON file per object named after it.</summary>
public static class DefinitionFolder
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string FolderOf(DefinitionKind kind) => kind switch
    {
        DefinitionKind.Connection => "connections",
        DefinitionKind.List => "lists",
        DefinitionKind.Table => "tables",
        DefinitionKind.Filter => "filters",
        DefinitionKind.Job => "jobs",
        DefinitionKind.Feed => "feeds",
        _ => "groups",
    };

    /// <summary>Writes each definition's file (a file whose text is already that is left untouched) and
    /// removes the kind folders' other .json files, so that the folder holds what the store holds.
    /// Returns the files written and removed.</summary>
    public static (IReadOnlyList<string> Written, IReadOnlyList<string> Removed) Write(string folder, IReadOnlyList<Definition> definitions)
    {
        var written = new List<string>();
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            var path = PathOf(folder, definition);
            kept.Add(path);
            var text = DefinitionForms.Text(definition.Body);
            if (File.Exists(path) && File.ReadAllText(path, Utf8) == text)
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text, Utf8);
            written.Add(path);
        }

        var removed = new List<string>();
        foreach (var kind in DefinitionDiff.Order)
        {
            var sub = Path.Combine(folder, FolderOf(kind));
            foreach (var stale in Directory.Exists(sub) ? Directory.GetFiles(sub, "*.json") : [])
            {
                if (!kept.Contains(stale))
                {
                    File.Delete(stale);
                    removed.Add(stale);
                }
            }
        }

        return (written, removed);
    }

    /// <summary>Where a definition's file is: its kind's folder, its name.</summary>
    public static string PathOf(string folder, Definition definition) =>
        Path.Combine(folder, FolderOf(definition.Kind), FileName(definition.Name));

    /// <summary>Every definition in the folder; the first file that cannot be read stops the reading,
    /// with its path and line (InvalidDefinition). Two files defining one name are refused.</summary>
    public static IReadOnlyList<Definition> Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw ConnectException.Create(ErrorIds.DefinitionFolderNotFound, ErrorKind.NotFound, folder, Messages.DefinitionFolderNotFound, folder);
        }

        var definitions = new List<Definition>();
        foreach (var kind in DefinitionDiff.Order)
        {
            var sub = Path.Combine(folder, FolderOf(kind));
            var files = Directory.Exists(sub) ? Directory.GetFiles(sub, "*.json") : [];
            Array.Sort(files, StringComparer.Ordinal);
            foreach (var file in files)
            {
                var definition = ReadFile(kind, file);
                if (definitions.FirstOrDefault(d => d.Kind == definition.Kind && d.Name.Equals(definition.Name, StringComparison.OrdinalIgnoreCase)) is { } twin)
                {
                    throw Invalid(file, definition.LineOf("Name"), string.Format(CultureInfo.CurrentCulture, Messages.DefinitionTwice, definition.Name, twin.File));
                }

                definitions.Add(definition);
            }
        }

        return definitions;
    }

    /// <summary>The error of a definition file: the file and line first, as compilers write them.</summary>
    internal static ConnectException Invalid(string file, int line, string reason, Exception? inner = null) =>
        new(ErrorIds.InvalidDefinition, ErrorKind.InvalidData, file, string.Format(CultureInfo.CurrentCulture, Messages.InvalidDefinition, file, line, reason), inner);

    private static Definition ReadFile(DefinitionKind kind, string file)
    {
        // An editor on Windows may start the file with a byte order mark; JSON readers do not take one.
        var bytes = File.ReadAllBytes(file);
        if (bytes is [0xEF, 0xBB, 0xBF, ..])
        {
            bytes = bytes[3..];
        }

        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            MapLines(bytes, lines);
            return DefinitionForms.Read(kind, Utf8.GetString(bytes), file, lines);
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } at ? (int)at + 1 : lines.GetValueOrDefault(FieldOf(e.Path), 1);
            throw Invalid(file, line, e.Message, e);
        }
        catch (ConnectException e)
        {
            // A column spec or name the rules refuse: the line of the value it names.
            throw Invalid(file, LineOfText(bytes, e.Target?.ToString()) ?? lines.GetValueOrDefault("Name", 1), e.Message, e);
        }
    }

    /// <summary>The line of each property's name, by its dotted path (<c>Settings.Options.Format</c>).</summary>
    private static void MapLines(byte[] bytes, Dictionary<string, int> lines)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var path = new List<string?>();
        string? pending = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pending = reader.GetString();
                    var prefix = string.Join('.', path.Where(p => p is not null));
                    var key = prefix.Length == 0 ? pending! : prefix + "." + pending;
                    lines.TryAdd(key, LineAt(bytes, (int)reader.TokenStartIndex));
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    // Only objects' properties make paths; an array's members share the array's path.
                    path.Add(reader.TokenType == JsonTokenType.StartObject ? pending : null);
                    pending = null;
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    path.RemoveAt(path.Count - 1);
                    break;
                default:
                    pending = null;
                    break;
            }
        }
    }

    private static int LineAt(byte[] bytes, int offset) => 1 + bytes.AsSpan(0, offset).Count((byte)'\n');

    private static int? LineOfText(byte[] bytes, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text));
        return at < 0 ? null : LineAt(bytes, at);
    }

    private static string FieldOf(string? jsonPath) => (jsonPath ?? "").TrimStart('$', '.');

    /// <summary>The object's name as a file name: characters no file system takes become '_'.</summary>
    private static string FileName(string name)
    {
        var chars = name.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c is ':' or '*' or '?' or '"' or '<' or '>' or '|' or '\\' or '/' ? '_' : c).ToArray();
        return new string(chars) + ".json";
    }
}
