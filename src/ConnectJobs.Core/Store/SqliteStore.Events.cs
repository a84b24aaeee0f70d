using System.Text.Json;
using ConnectJobs.Events;
using Microsoft.Data.Sqlite;
using static ConnectJobs.Store.SqliteDatabase;

namespace ConnectJobs.Store;

/// <summary>The event store (cj_event in data.db): one prepared insert for a whole batch, in the write
/// lock that also gives each event its sequence number.</summary>
public sealed partial class SqliteStore
{
    private static readonly string EventColumns = string.Join(", ", EventFields.All.Select(f => f.Column));

    public Task<EventCounts> AddEventsAsync(IEnumerable<ConnectEvent> events, CancellationToken cancellationToken) =>
        _data.WriteAsync(
            async (c, t) =>
            {
                await using var insert = Command(c, t,
                    $"INSERT OR IGNORE INTO cj_event ({EventColumns}, channel, stored, properties) VALUES ({string.Join(", ", EventFields.All.Select(f => "$" + f.Column))}, $channel, $stored, $properties);");
                var parameters = EventFields.All.Select(f => insert.Parameters.Add("$" + f.Column, f.Kind == EventFieldKind.Integer ? SqliteType.Integer : SqliteType.Text)).ToArray();
                var channel = insert.Parameters.Add("$channel", SqliteType.Text);
                var properties = insert.Parameters.Add("$properties", SqliteType.Text);
                insert.Parameters.AddWithValue("$stored", Now());
                long added = 0, duplicates = 0;
                foreach (var e in events)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    for (var i = 0; i < parameters.Length; i++)
                    {
                        parameters[i].Value = EventFields.ToStored(EventFields.All[i], e) ?? DBNull.Value;
                    }

                    channel.Value = e.Channel.ToString();
                    properties.Value = e.Properties.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(e.Properties);
                    if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                    {
                        added++;
                    }
                    else
                    {
                        duplicates++;
                    }
                }

                return new EventCounts(added, duplicates);
            },
            cancellationToken);

    public Task<IReadOnlyList<ConnectEvent>> GetEventsAsync(EventQuery query, CancellationToken cancellationToken) =>
        _data.ReadAsync<IReadOnlyList<ConnectEvent>>(
            async c =>
            {
                var types = query.Types is null ? null : JsonSerializer.Serialize(query.Types);
                await using var select = Command(c, null,
                    $"SELECT seq, channel, stored, properties, {EventColumns} FROM cj_event WHERE ($list IS NULL OR list = $list COLLATE NOCASE) AND ($types IS NULL OR type IN (SELECT value FROM json_each($types))) AND ($channel IS NULL OR channel = $channel) AND ($after IS NULL OR captured > $after) AND ($before IS NULL OR captured < $before) AND ($riid IS NULL OR riid = $riid) AND ($campaign IS NULL OR campaign_id = $campaign) ORDER BY seq LIMIT $first;",
                    ("$list", query.List), ("$types", types), ("$channel", query.Channel?.ToString()), ("$after", Stamp(query.After)), ("$before", Stamp(query.Before)),
                    ("$riid", query.Riid), ("$campaign", query.CampaignId), ("$first", query.First ?? -1));
                await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var events = new List<ConnectEvent>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var e = new ConnectEvent
                    {
                        Type = "", Captured = default, Sequence = reader.GetInt64(0), Channel = Enum.Parse<EventChannel>(reader.GetString(1)),
                        Stored = Data.ValueConverter.ParseTimestamp(reader.GetString(2)),
                        Properties = reader.IsDBNull(3) ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(3))!,
                    };
                    for (var i = 0; i < EventFields.All.Count; i++)
                    {
                        var field = EventFields.All[i];
                        if (!reader.IsDBNull(4 + i))
                        {
                            e = field.Set(e, EventFields.FromStored(field, reader.GetValue(4 + i)));
                        }
                    }

                    events.Add(e);
                }

                return events;
            },
            cancellationToken);
}
