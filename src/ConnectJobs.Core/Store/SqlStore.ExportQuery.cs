using System.Data.Common;
using System.Globalization;
using ConnectJobs.Data;
using ConnectJobs.Export;
using ConnectJobs.Filters;

namespace ConnectJobs.Store;

/// <summary>What an export of a list or table reads, as SQL both providers run: its columns, its
/// filter, the recipients the event store picks, the changes after the last export. Each provider
/// reads the rows its fastest way, in one snapshot with the write clock.</summary>
public abstract partial class SqlStore
{
    private protected const int ExportProgressInterval = 16384;

    private protected sealed record ExportQuery(string Sql, List<object?> Parameters, IReadOnlyList<ColumnDefinition> Columns, bool Filtered, string Activity)
    {
        /// <summary>Where the next incremental export starts, when the source has its own (an event feed's sequence number).</summary>
        public string? Watermark { get; init; }
    }

    private protected async Task<ExportQuery> ExportQueryAsync(DbConnection c, DbTransaction t, List<DataTarget> targets, ExportSource source, string watermark, CancellationToken cancellationToken)
    {
        var target = targets.FirstOrDefault(x => x.Name.Equals(source.Target, StringComparison.OrdinalIgnoreCase))
            ?? throw DataTargetErrors.AnyNotFound(source.Target);

        // What can be exported: the target's columns, and for an extension table the list's key columns too.
        var available = target.Columns.Select(col => (Sql: $"t.\"{col.Name}\"", Column: col)).ToList();
        var from = $"{PhysicalName(target.Id)} AS t";
        if (target is DataTable { Kind: TargetKind.Extension } extension)
        {
            var list = targets.OfType<ProfileList>().Single(l => l.Name == extension.List);
            from += $" JOIN {PhysicalName(list.Id)} AS l ON l.\"{SystemColumns.Riid}\" = t.\"{SystemColumns.Riid}\"";
            available.InsertRange(1, list.Columns.Where(col => col.Name is SystemColumns.EmailAddress or SystemColumns.CustomerId).Select(col => (Sql: $"l.\"{col.Name}\"", Column: col)));
        }

        var selected = source.Columns is null
            ? available
            : source.Columns.Select(name => available.FirstOrDefault(a => a.Column.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Column: not null } found
                ? found
                : throw DataTargetErrors.ExportColumnNotFound(name, target)).ToList();

        var conditions = new List<string>();
        var parameters = new List<object?>();
        var filters = new List<FilterNode>();
        if (source.Filter is not null)
        {
            var saved = (await LoadFiltersAsync(c, t, source.Filter, cancellationToken).ConfigureAwait(false)).FirstOrDefault() ?? throw FilterErrors.NotFound(source.Filter);
            if (!saved.List.Equals(target.Name, StringComparison.OrdinalIgnoreCase))
            {
                throw FilterErrors.OfOtherList(saved, target.Name);
            }

            filters.Add(await ResolveLoadsAsync(saved.Expression, cancellationToken).ConfigureAwait(false));
        }

        if (source.Expression is not null)
        {
            filters.Add(await ResolveLoadsAsync(source.Expression, cancellationToken).ConfigureAwait(false));
        }

        if (filters.Count > 0)
        {
            if (target is not ProfileList filtered)
            {
                throw FilterErrors.NeedsList(target.Name);
            }

            var sql = FilterSql.Build(filtered, targets.OfType<DataTable>().Where(e => e.List == filtered.Name).ToList(), filters.Count == 1 ? filters[0] : new AllOf(filters), DateTime.UtcNow, Dialect);
            from += sql.Joins;
            conditions.Add(sql.Condition);
            parameters.AddRange(sql.Parameters);
        }

        if (source.Recipients is { } recipients)
        {
            if (target is not ProfileList)
            {
                throw FilterErrors.NeedsList(target.Name);
            }

            conditions.Add($"t.\"{SystemColumns.Riid}\" IN ({RecipientsSql(recipients, parameters.Count + 1)})");
            parameters.Add(target.Name);
            parameters.Add(recipients.Since is { } since ? ValueConverter.FormatTimestamp(since) : null);
        }

        if (source.Incremental)
        {
            // Suppression lists have no MODIFIED_DATE_: their records are only ever added.
            var stamp = target.Columns.Any(col => col.Name == SystemColumns.ModifiedDate) ? SystemColumns.ModifiedDate : SystemColumns.CreatedDate;
            conditions.Add($"t.\"{stamp}\" <= {Dialect.Placeholder(parameters.Count + 1)}");
            parameters.Add(watermark);
            if (source.Since is not null)
            {
                conditions.Add($"t.\"{stamp}\" > {Dialect.Placeholder(parameters.Count + 1)}");
                parameters.Add(source.Since);
            }
        }

        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        return new ExportQuery(
            $"SELECT {string.Join(", ", selected.Select(s => s.Sql))} FROM {from}{where};",
            parameters,
            selected.Select(s => s.Column).ToList(),
            Filtered: conditions.Count > 0,
            string.Format(CultureInfo.CurrentCulture, Messages.ProgressExport, target.Name));
    }

    /// <summary>The RIIDs of a list that the event store picks: those with a hard bounce, or whose last
    /// N bounces, opens and clicks are all soft bounces; or those with an opt-out. Parameter
    /// <paramref name="first"/> is the list's name, the next the earliest time (null for all).</summary>
    private string RecipientsSql(Events.RecipientSelection recipients, int first)
    {
        var (list, since) = (Dialect.Placeholder(first), Dialect.Placeholder(first + 1));
        var within = $"list = {list}{Dialect.NoCase} AND riid IS NOT NULL AND (captured >= {since} OR {since} IS NULL)";
        const string soft = "CASE WHEN type = 'Bounced' AND upper(substr(bounce_type, 1, 1)) = 'S' THEN 1 ELSE 0 END";
        return recipients.Kind switch
        {
            Events.RecipientKind.Unsubscribed => $"SELECT riid FROM cj_event WHERE type = 'OptedOut' AND {within}",
            _ => $"SELECT riid FROM cj_event WHERE type = 'Bounced' AND upper(substr(bounce_type, 1, 1)) = 'H' AND {within} "
                + $"UNION SELECT riid FROM (SELECT riid, type, bounce_type, row_number() OVER (PARTITION BY riid ORDER BY seq DESC) AS n FROM cj_event WHERE type IN ('Bounced', 'Opened', 'Clicked') AND {within}) AS recent "
                + $"WHERE n <= {recipients.SoftBounces} GROUP BY riid HAVING count(*) = {recipients.SoftBounces} AND sum({soft}) = {recipients.SoftBounces}",
        };
    }
}
