using System.Globalization;
using ConnectJobs.Data;
using ConnectJobs.Events;
using ConnectJobs.Export;
using System.Data.Common;

namespace ConnectJobs.Store;

/// <summary>An event feed's read: one type's events after a sequence number, in the layout's columns,
/// computed in SQL (so that, on SQLite, rows go to the file as UTF-8 without strings in between), the
/// same on both providers but for a custom property's JSON and the parameters' spelling.</summary>
public abstract partial class SqlStore
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    private protected async Task<ExportQuery> EventQueryAsync(DbConnection c, DbTransaction t, EventFeedSource feed, CancellationToken cancellationToken)
    {
        var last = feed.UpTo ?? await StoreDatabase.ScalarAsync(c, t, "SELECT coalesce(max(seq), 0) FROM cj_event;", cancellationToken).ConfigureAwait(false);
        var types = string.Join(", ", feed.Types.Select(type => $"'{EventTypes.Find(type).Name}'"));
        var columns = feed.Columns.Select(col => Expression(col, feed.AccountId)).ToList();
        var sql = feed.Broadcasts
            ? $"SELECT {string.Join(", ", columns)} FROM cj_event WHERE (type IN ({types}) OR type = 'Sent') AND seq > {Dialect.Placeholder(1)} AND seq <= {Dialect.Placeholder(2)} AND campaign_id IS NOT NULL GROUP BY campaign_id ORDER BY min(seq);"
            : $"SELECT {string.Join(", ", columns)} FROM cj_event WHERE type IN ({types}) AND seq > {Dialect.Placeholder(1)} AND seq <= {Dialect.Placeholder(2)} ORDER BY seq;";
        return new ExportQuery(sql, [feed.AfterSequence, last], feed.Columns.Select(col => new ColumnDefinition(col.Header)).ToList(), Filtered: true,
            string.Format(CultureInfo.CurrentCulture, Messages.ProgressExport, string.Join(", ", feed.Types)))
        {
            Watermark = last.ToString(CultureInfo.InvariantCulture),
        };
    }

    private string Expression(FeedColumn column, long accountId)
    {
        string Stored() => EventFields.TryFind(column.Field!, out var field) ? field.Column
            : column.Field is "Stored" ? "stored" : throw new ArgumentException($"No event field '{column.Field}'.", nameof(column));
        return column.Value switch
        {
            FeedValue.TypeId => "CASE type " + string.Concat(EventTypes.Names.Select(n => $"WHEN '{n}' THEN {EventTypes.IdOf(n)} ")) + "END",
            FeedValue.AccountId => accountId.ToString(CultureInfo.InvariantCulture),
            FeedValue.ListId => $"(SELECT id FROM cj_target WHERE name = cj_event.list{Dialect.NoCase})",
            FeedValue.ResponsysTime => $"substr({Stored()}, 9, 2) || '-' || CASE substr({Stored()}, 6, 2) {string.Concat(Months.Select((m, i) => $"WHEN '{i + 1:00}' THEN '{m}' "))}END || '-' || substr({Stored()}, 1, 4) || ' ' || substr({Stored()}, 12, 8)",
            FeedValue.IsoTime => $"substr({Stored()}, 1, 19)",
            FeedValue.Largest => $"max({Stored()})",
            FeedValue.Description => "coalesce(url_description, url, bounce_reason, custom_type)",
            FeedValue.FirstSent => $"substr(min(CASE WHEN type = 'Sent' THEN captured END), 1, 19)",
            FeedValue.Property => Dialect.JsonText("properties", column.Field!),
            _ => Stored(),
        };
    }
}
