using System.Text.Json;
using ConnectJobs.Data;
using ConnectJobs.Filters;
using System.Data.Common;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

public abstract partial class SqlStore
{
    private static readonly JsonSerializerOptions FilterJson = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public Task<IReadOnlyList<ListFilter>> GetFiltersAsync(CancellationToken cancellationToken) =>
        DataHalf.ReadAsync(c => LoadFiltersAsync(c, null, null, cancellationToken), cancellationToken);

    public async Task<ListFilter?> FindFilterAsync(string name, CancellationToken cancellationToken) =>
        (await DataHalf.ReadAsync(c => LoadFiltersAsync(c, null, name, cancellationToken), cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async Task<ListFilter> CreateFilterAsync(string name, ProfileList list, string? description, string script, FilterNode expression, CancellationToken cancellationToken)
    {
        var resolved = await ResolveLoadsAsync(expression, cancellationToken).ConfigureAwait(false);
        name = ColumnRules.NormalizeTargetName(name);
        return await DataHalf.WriteAsync(
            async (c, t) =>
            {
                await CheckFilterAsync(c, t, list, resolved, cancellationToken).ConfigureAwait(false);
                await EnsureFilterNameFreeAsync(c, t, name, null, cancellationToken).ConfigureAwait(false);
                await using (var insert = Command(c, t, "INSERT INTO cj_filter (name, list_id, description, script, expression, created, modified) VALUES ($name, $list, $description, $script, $expression, $now, $now);",
                    ("$name", name), ("$list", list.Id), ("$description", description), ("$script", script), ("$expression", JsonSerializer.Serialize(expression, FilterJson)), ("$now", Now())))
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return (await LoadFiltersAsync(c, t, name, cancellationToken).ConfigureAwait(false))[0];
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes a filter; null leaves a value as it is.</summary>
    public async Task<ListFilter> UpdateFilterAsync(ListFilter filter, string? newName, string? description, string? script, FilterNode? expression, CancellationToken cancellationToken)
    {
        var resolved = expression is null ? null : await ResolveLoadsAsync(expression, cancellationToken).ConfigureAwait(false);
        var name = newName is null ? filter.Name : ColumnRules.NormalizeTargetName(newName);
        return await DataHalf.WriteAsync(
            async (c, t) =>
            {
                if (expression is not null)
                {
                    var list = (await LoadTargetsAsync(c, t, filter.List, cancellationToken).ConfigureAwait(false)).OfType<ProfileList>().Single();
                    await CheckFilterAsync(c, t, list, resolved!, cancellationToken).ConfigureAwait(false);
                }

                await EnsureFilterNameFreeAsync(c, t, name, filter.Id, cancellationToken).ConfigureAwait(false);
                await using (var update = Command(c, t, "UPDATE cj_filter SET name = $name, description = coalesce($description, description), script = coalesce($script, script), expression = coalesce($expression, expression), modified = $now WHERE id = $id;",
                    ("$name", name), ("$description", description), ("$script", script), ("$expression", expression is null ? null : JsonSerializer.Serialize(expression, FilterJson)), ("$now", Now()), ("$id", filter.Id)))
                {
                    if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                    {
                        throw FilterErrors.NotFound(filter.Name);
                    }
                }

                return (await LoadFiltersAsync(c, t, name, cancellationToken).ConfigureAwait(false))[0];
            },
            cancellationToken).ConfigureAwait(false);
    }

    public Task RemoveFilterAsync(ListFilter filter, CancellationToken cancellationToken) =>
        DataHalf.WriteAsync(
            async (c, t) =>
            {
                await using var delete = Command(c, t, "DELETE FROM cj_filter WHERE id = $id;", ("$id", filter.Id));
                return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>A filter as it stands now: each latest-load term becomes the records whose
    /// MODIFIED_DATE_ is a merge stamp of that job's latest successful load (none when it has none).
    /// The job's runs are in control.db, so this is looked up before the data is read.</summary>
    private protected async Task<FilterNode> ResolveLoadsAsync(FilterNode node, CancellationToken cancellationToken) => node switch
    {
        LatestLoad load => await LoadedAsync(load.Job, cancellationToken).ConfigureAwait(false),
        AllOf all => new AllOf(await ResolveAllAsync(all.Terms, cancellationToken).ConfigureAwait(false)),
        AnyOf any => new AnyOf(await ResolveAllAsync(any.Terms, cancellationToken).ConfigureAwait(false)),
        Negation not => new Negation(await ResolveLoadsAsync(not.Term, cancellationToken).ConfigureAwait(false)),
        _ => node,
    };

    private async Task<List<FilterNode>> ResolveAllAsync(IReadOnlyList<FilterNode> terms, CancellationToken cancellationToken)
    {
        var resolved = new List<FilterNode>();
        foreach (var term in terms)
        {
            resolved.Add(await ResolveLoadsAsync(term, cancellationToken).ConfigureAwait(false));
        }

        return resolved;
    }

    private async Task<FilterNode> LoadedAsync(string jobName, CancellationToken cancellationToken)
    {
        var job = await FindJobAsync(jobName, cancellationToken).ConfigureAwait(false) ?? throw StoreErrors.JobNotFound(jobName);
        return await GetLatestLoadAsync(job.Id, cancellationToken).ConfigureAwait(false) is { Count: > 0 } stamps
            ? new Membership(SystemColumns.ModifiedDate, stamps.Select(s => new FilterValue(FilterValueKind.Timestamp, s)).ToList())
            : new AllOf([new NullTest(SystemColumns.ModifiedDate), new NullTest(SystemColumns.ModifiedDate, Negated: true)]);
    }

    /// <summary>Builds the filter's SQL and has the database prepare it, so that a filter that cannot
    /// run is refused when it is defined, not at the export's first run.</summary>
    private async Task CheckFilterAsync(DbConnection c, DbTransaction t, ProfileList list, FilterNode expression, CancellationToken cancellationToken)
    {
        var extensions = (await LoadTargetsAsync(c, t, null, cancellationToken).ConfigureAwait(false)).OfType<DataTable>().Where(e => e.List == list.Name).ToList();
        var sql = FilterSql.Build(list, extensions, expression, DateTime.UtcNow, Dialect);
        await PrepareAsync(c, t, $"SELECT count(*) FROM {PhysicalName(list.Id)} AS t{sql.Joins} WHERE {sql.Condition} LIMIT 0", sql.Parameters, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The records of a list that a filter selects (as FROM and WHERE, with the parameters), for
    /// Get-ConnectRecord -Filter.</summary>
    private protected async Task<(string From, List<object?> Parameters)> FilteredFromAsync(DbConnection c, DbTransaction? t, ProfileList list, FilterNode filter, CancellationToken cancellationToken)
    {
        var extensions = (await LoadTargetsAsync(c, t, null, cancellationToken).ConfigureAwait(false)).OfType<DataTable>().Where(e => e.List == list.Name).ToList();
        var sql = FilterSql.Build(list, extensions, filter, DateTime.UtcNow, Dialect);
        return ($"{PhysicalName(list.Id)} AS t{sql.Joins} WHERE {sql.Condition}", sql.Parameters);
    }

    /// <summary>How the provider writes what a filter needs (see <see cref="FilterSql"/>).</summary>
    private protected abstract SqlDialect Dialect { get; }

    /// <summary>Has the database prepare a statement with positional parameters, without running it for rows.</summary>
    private protected abstract Task PrepareAsync(DbConnection c, DbTransaction t, string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken);

    private static async Task EnsureFilterNameFreeAsync(DbConnection c, DbTransaction t, string name, long? except, CancellationToken cancellationToken)
    {
        if (await ScalarAsync(c, t, "SELECT count(*) FROM cj_filter WHERE name = $name AND id IS DISTINCT FROM $except;", cancellationToken, ("$name", name), ("$except", except)).ConfigureAwait(false) > 0)
        {
            throw ConnectException.Create(ErrorIds.FilterExists, ErrorKind.AlreadyExists, name, Messages.FilterExists, name);
        }
    }

    private protected static async Task<IReadOnlyList<ListFilter>> LoadFiltersAsync(DbConnection c, DbTransaction? t, string? name, CancellationToken cancellationToken)
    {
        await using var query = Command(c, t,
            "SELECT f.id, f.name, l.name, f.description, f.script, f.expression, f.created, f.modified FROM cj_filter f JOIN cj_target l ON l.id = f.list_id WHERE f.name = $name OR $name IS NULL ORDER BY f.name;",
            ("$name", name));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var filters = new List<ListFilter>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            filters.Add(new ListFilter(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4),
                JsonSerializer.Deserialize<FilterNode>(reader.GetString(5), FilterJson)!, ValueConverter.ParseTimestamp(reader.GetString(6)), ValueConverter.ParseTimestamp(reader.GetString(7))));
        }

        return filters;
    }
}
