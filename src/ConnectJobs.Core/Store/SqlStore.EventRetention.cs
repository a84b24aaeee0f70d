using System.Globalization;
using ConnectJobs.Data;
using ConnectJobs.Jobs;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

/// <summary>Event retention: events captured longer ago than the store's retention are purged, at
/// most once a day when the store is opened for work, but never before every enabled feed of their
/// type has exported them (a feed behind holds its types back).</summary>
public abstract partial class SqlStore
{
    /// <summary>Days events are kept when the store says nothing else.</summary>
    public const int DefaultEventRetentionDays = 400;

    public async Task<int> GetEventRetentionDaysAsync(CancellationToken cancellationToken) =>
        (int)await ControlHalf.ReadAsync(
            c => ScalarAsync(c, null, $"SELECT coalesce((SELECT CAST(value AS INTEGER) FROM store_info WHERE key = 'event_retention_days'), {DefaultEventRetentionDays});", cancellationToken),
            cancellationToken).ConfigureAwait(false);

    public Task SetEventRetentionDaysAsync(int days, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            (c, t) => ScalarAsync(c, t, "INSERT INTO store_info (key, value) VALUES ('event_retention_days', $days) ON CONFLICT (key) DO UPDATE SET value = excluded.value;", cancellationToken, ("$days", days.ToString(CultureInfo.InvariantCulture))),
            cancellationToken);

    public async Task<EventPurge> PurgeEventsAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        var cutoff = ValueConverter.FormatTimestamp(nowUtc.AddDays(-await GetEventRetentionDaysAsync(cancellationToken).ConfigureAwait(false)));

        // Per type, how far every enabled feed of it got (the slowest one decides).
        var holds = new Dictionary<string, (long Position, string Feed)>(StringComparer.OrdinalIgnoreCase);
        foreach (var job in await GetJobsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (job is { Enabled: true, Settings: ExportJobSettings { Feed: { } feed } })
            {
                var positions = await GetFeedPositionsAsync(job.Id, cancellationToken).ConfigureAwait(false);
                foreach (var type in feed.EventTypes)
                {
                    var position = positions.GetValueOrDefault(type);
                    if (!holds.TryGetValue(type, out var hold) || position < hold.Position)
                    {
                        holds[type] = (position, job.Name);
                    }
                }
            }
        }

        var held = new List<string>();
        var purged = await DataHalf.WriteAsync(
            async (c, t) =>
            {
                var unfed = holds.Count == 0 ? "" : $" AND type NOT IN ({string.Join(", ", holds.Keys.Select(k => $"'{k}'"))})";
                var count = await DeleteAsync($"DELETE FROM cj_event WHERE captured < $cutoff{unfed};").ConfigureAwait(false);
                foreach (var (type, (position, feed)) in holds)
                {
                    count += await DeleteAsync($"DELETE FROM cj_event WHERE captured < $cutoff AND type = '{type}' AND seq <= {position};").ConfigureAwait(false);
                    if (await ScalarAsync(c, t, $"SELECT count(*) FROM cj_event WHERE captured < $cutoff AND type = '{type}';", cancellationToken, ("$cutoff", cutoff)).ConfigureAwait(false) is var left and > 0)
                    {
                        held.Add(string.Format(CultureInfo.CurrentCulture, Messages.EventsHeldByFeed, left, type, feed, position));
                    }
                }

                return count;

                async Task<long> DeleteAsync(string sql)
                {
                    await using var delete = Command(c, t, sql, ("$cutoff", cutoff));
                    return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return new EventPurge(purged, held);
    }

    /// <summary>Purges at most once a day (a purge reads the whole event table).</summary>
    private protected async Task PurgeEventsDailyAsync(CancellationToken cancellationToken)
    {
        var due = await ControlHalf.ReadAsync(
            c => ScalarAsync(c, null, "SELECT count(*) FROM store_info WHERE key = 'events_purged' AND value > $dayAgo;", cancellationToken, ("$dayAgo", Stamp(DateTime.UtcNow.AddDays(-1)))),
            cancellationToken).ConfigureAwait(false) == 0;
        if (due)
        {
            await PurgeEventsAsync(DateTime.UtcNow, cancellationToken).ConfigureAwait(false);
            await ControlHalf.WriteAsync(
                (c, t) => ScalarAsync(c, t, "INSERT INTO store_info (key, value) VALUES ('events_purged', $now) ON CONFLICT (key) DO UPDATE SET value = excluded.value;", cancellationToken, ("$now", Now())),
                cancellationToken).ConfigureAwait(false);
        }
    }
}
