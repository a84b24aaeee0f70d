using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ConnectJobs.Connections;
using ConnectJobs.Data;
using ConnectJobs.Jobs;
using ConnectJobs.Schedules;

namespace ConnectJobs.Definitions;

/// <summary>A list as a file holds it: its own columns as specs (<c>CITY:Text(100)</c>); the system
/// columns every list has are not written.</summary>
internal sealed record ListForm
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string> Columns { get; init; } = [];
}

/// <summary>A table (supplemental, extension or suppression) as a file holds it.</summary>
internal sealed record TableForm
{
    public required string Name { get; init; }

    public TargetKind Kind { get; init; }

    public string? List { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string> Columns { get; init; } = [];

    public IReadOnlyList<string> PrimaryKey { get; init; } = [];
}

/// <summary>A saved filter: <see cref="Expression"/> is what selects; <see cref="Script"/> is the text
/// Get-ConnectFilter shows.</summary>
internal sealed record FilterForm
{
    public required string Name { get; init; }

    public required string List { get; init; }

    public string? Description { get; init; }

    public string? Script { get; init; }

    public required Filters.FilterNode Expression { get; init; }
}

/// <summary>A job or feed: its settings of its kind, its schedule (absent when on demand).</summary>
internal sealed record JobForm<TSettings>
    where TSettings : JobSettings
{
    public required string Name { get; init; }

    public JobKind Kind { get; init; }

    public bool Enabled { get; init; } = true;

    public string? Description { get; init; }

    public JobSchedule? Schedule { get; init; }

    public required TSettings Settings { get; init; }
}

/// <summary>A job group: its members in order, schedule, notification and follow-up.</summary>
internal sealed record GroupForm
{
    public required string Name { get; init; }

    public bool Enabled { get; init; } = true;

    public string? Description { get; init; }

    public required IReadOnlyList<string> Jobs { get; init; }

    public JobSchedule? Schedule { get; init; }

    public Notifications.RunNotification? Notify { get; init; }

    public string? OnSuccessRun { get; init; }
}

/// <summary>Definitions to and from their canonical JSON: properties in declaration order, nulls left
/// out, enums by name, no ids or timestamps, and never a secret: a connection's <c>Secret</c> says how
/// it is supplied. The same form read back gives the same body, so a plan compares bodies.</summary>
internal static class DefinitionForms
{
    internal const string SecretProperty = "Secret";

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,

        // A misspelt field is an error with its line, not a setting silently left at its default.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Fields of a connection that the store owns, never written.</summary>
    private static readonly string[] ConnectionOwnFields = [nameof(Connection.Id), nameof(Connection.HasSecret), nameof(Connection.Created), nameof(Connection.Modified)];

    public static Definition Of(Connection connection)
    {
        var body = (JsonObject)JsonSerializer.SerializeToNode(connection with { Description = Blank(connection.Description) }, Json)!;
        foreach (var field in ConnectionOwnFields)
        {
            body.Remove(field);
        }

        body[SecretProperty] = SecretNote(connection);
        return new Definition(DefinitionKind.Connection, connection.Name, body, connection);
    }

    public static Definition Of(DataTarget target) => target is ProfileList
        ? Of(DefinitionKind.List, new ListForm { Name = target.Name, Description = Blank(target.Description), Columns = Specs(target) })
        : Of(DefinitionKind.Table, new TableForm
        {
            Name = target.Name,
            Kind = target.Kind,
            List = ((DataTable)target).List,
            Description = Blank(target.Description),
            Columns = Specs(target),
            PrimaryKey = target.Kind == TargetKind.Supplemental ? target.PrimaryKey : [],
        });

    public static Definition Of(Filters.ListFilter filter) =>
        Of(DefinitionKind.Filter, new FilterForm { Name = filter.Name, List = filter.List, Description = Blank(filter.Description), Script = filter.Script, Expression = filter.Expression });

    /// <summary>A job, its local folders inside <paramref name="store"/> written portably (see <see cref="StorePaths"/>).</summary>
    public static Definition Of(ConnectJob job, string store) => StorePaths.Portable(job.Settings, store) switch
    {
        ImportJobSettings import => Of(DefinitionKind.Job, JobOf(job, import)),
        ExportJobSettings export => Of(job.Kind == JobKind.EventFeed ? DefinitionKind.Feed : DefinitionKind.Job, JobOf(job, export)),
        var other => throw new ArgumentException(other.GetType().Name, nameof(job)),
    };

    public static Definition Of(JobGroup group) => Of(DefinitionKind.Group, new GroupForm
    {
        Name = group.Name,
        Enabled = group.Enabled,
        Description = Blank(group.Description),
        Jobs = group.Jobs,
        Schedule = OnDemandAsNull(group.Schedule),
        Notify = group.Settings.Notify,
        OnSuccessRun = group.Settings.OnSuccessRun,
    });

    /// <summary>A definition from a file's text (its kind from its folder; a job's settings type from
    /// its Kind), as canonical as one from the store. A JsonException carries the line.</summary>
    public static Definition Read(DefinitionKind kind, string text, string file, IReadOnlyDictionary<string, int> lines)
    {
        switch (kind)
        {
            case DefinitionKind.Connection:
                var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
                node.Remove(SecretProperty);
                foreach (var field in ConnectionOwnFields)
                {
                    if (node.ContainsKey(field))
                    {
                        throw new JsonException($"'{field}' belongs to the store and cannot be set.", field, lines.GetValueOrDefault(field, 1) - 1, null);
                    }
                }

                node[nameof(Connection.Id)] = 0;
                var connection = node.Deserialize<Connection>(Json)!;
                return Located(Of(connection), file, lines);
            case DefinitionKind.List:
                var list = Deserialize<ListForm>(text);
                return Located(Of(kind, list with { Description = Blank(list.Description), Columns = Canonical(list.Columns) }), file, lines);
            case DefinitionKind.Table:
                var table = Deserialize<TableForm>(text);
                return Located(Of(kind, table with { Description = Blank(table.Description), Columns = Canonical(table.Columns) }), file, lines);
            case DefinitionKind.Filter:
                var filter = Deserialize<FilterForm>(text);
                return Located(Of(kind, filter with { Description = Blank(filter.Description) }), file, lines);
            case DefinitionKind.Group:
                var group = Deserialize<GroupForm>(text);
                return Located(Of(kind, group with { Description = Blank(group.Description), Schedule = OnDemandAsNull(group.Schedule) }), file, lines);
            default:
                var jobKind = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })?[nameof(JobForm<JobSettings>.Kind)]?.GetValue<string>();
                if (!Enum.TryParse<JobKind>(jobKind, ignoreCase: true, out var parsed))
                {
                    throw new JsonException($"Kind must be one of {string.Join(", ", Enum.GetNames<JobKind>())}.", "Kind", lines.GetValueOrDefault("Kind", 1) - 1, null);
                }

                if (parsed == JobKind.Import)
                {
                    var import = Deserialize<JobForm<ImportJobSettings>>(text);
                    return Located(Of(DefinitionKind.Job, import with { Description = Blank(import.Description), Schedule = OnDemandAsNull(import.Schedule) }), file, lines);
                }

                var export = Deserialize<JobForm<ExportJobSettings>>(text);
                if ((parsed == JobKind.EventFeed) != (export.Settings.Feed is not null))
                {
                    throw new JsonException(parsed == JobKind.EventFeed ? "An EventFeed job needs Settings.Feed." : "Settings.Feed makes a job an EventFeed: its Kind must say so.", "Kind", lines.GetValueOrDefault("Kind", 1) - 1, null);
                }

                return Located(Of(parsed == JobKind.EventFeed ? DefinitionKind.Feed : DefinitionKind.Job, export with { Description = Blank(export.Description), Schedule = OnDemandAsNull(export.Schedule) }), file, lines);
        }
    }

    /// <summary>The file text of a body: two-space indents, LF line ends, a final LF, on every platform.</summary>
    public static string Text(JsonObject body) => body.ToJsonString(Json).ReplaceLineEndings("\n") + "\n";

    /// <summary>How a connection's secret is supplied: never in the file, always by Set-ConnectConnection.</summary>
    private static string? SecretNote(Connection connection) => connection.Authentication switch
    {
        ConnectionAuthentication.Password => "Not in this file: kept encrypted in the store. Set it with Set-ConnectConnection -Name '" + connection.Name + "' -Credential.",
        ConnectionAuthentication.PrivateKey => "The key file's passphrase, if it has one, is not in this file: set it with Set-ConnectConnection -Name '" + connection.Name + "' -Credential.",
        _ => "The key is kept in the store, not in this file: make it there with New-ConnectSshKey.",
    };

    private static JobForm<T> JobOf<T>(ConnectJob job, T settings)
        where T : JobSettings => new()
        {
            Name = job.Name,
            Kind = job.Kind,
            Enabled = job.Enabled,
            Description = Blank(job.Description),
            Schedule = OnDemandAsNull(job.Schedule),
            Settings = settings,
        };

    private static Definition Of<T>(DefinitionKind kind, T form)
        where T : notnull
    {
        var body = (JsonObject)JsonSerializer.SerializeToNode(form, Json)!;
        var name = body["Name"]!.GetValue<string>();
        return new Definition(kind, name, body, form);
    }

    private static Definition Located(Definition definition, string file, IReadOnlyDictionary<string, int> lines) =>
        new(definition.Kind, definition.Name, definition.Body, definition.Form, file, lines);

    private static T Deserialize<T>(string text) => JsonSerializer.Deserialize<T>(text, Json) ?? throw new JsonException("The file holds null.");

    private static string[] Specs(DataTarget target) =>
        target.Columns.Where(c => !c.IsSystem).Select(c => c.ToString()).ToArray();

    /// <summary>Column specs as the store would give them back (a bare name is Text(500)).</summary>
    private static string[] Canonical(IReadOnlyList<string> specs) =>
        specs.Select(spec => ColumnRules.Normalize(ColumnDefinition.Parse(spec)).ToString()).ToArray();

    private static JobSchedule? OnDemandAsNull(JobSchedule? schedule) => schedule?.Kind is null or ScheduleKind.OnDemand ? null : schedule;

    /// <summary>An empty description is none: the store keeps "" where a description was cleared.</summary>
    private static string? Blank(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
