using System.Text.Json;
using ConnectJobs.Events;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

/// <summary>Reading the event store (cj_event, in the data half): the same SQL on both providers;
/// each appends its own fastest way.</summary>
public abstract partial class SqlStore
{
    private protected static readonly string EventColumns = string.Join(", ", EventFields.All.Select(f => f.Column));

    public Task<long> GetLastSequenceAsync(CancellationToken cancellationToken) =>
        DataHalf.ReadAsync(c => ScalarAsync(c, null, "SELECT coalesce(max(seq), 0) FROM cj_event;", cancellationToken), cancellationToken);

    public Task<IReadOnlyList<ConnectEvent>> GetEventsAsync(EventQuery query, CancellationToken cancellationToken) =>
        DataHalf.ReadAsync<IReadOnlyList<ConnectEvent>>(
            async c =>
            {
                // Each condition names its column first, so that PostgreSQL knows a parameter's type when it is null.
                var types = query.Types?.Select((type, i) => ($"$type{i}", (object?)type)).ToList() ?? [];
                var typeCondition = types.Count == 0 ? "" : $" AND type IN ({string.Join(", ", types.Select(t => t.Item1))})";
                var limit = query.First is null ? "" : " LIMIT $first";
                await using var select = Command(c, null,
                    $"SELECT seq, channel, stored, properties, {EventColumns} FROM cj_event WHERE (list = $list{Dialect.NoCase} OR $list IS NULL){typeCondition} AND (channel = $channel OR $channel IS NULL) AND (captured > $after OR $after IS NULL) AND (captured < $before OR $before IS NULL) AND (riid = $riid OR $riid IS NULL) AND (campaign_id = $campaign OR $campaign IS NULL) ORDER BY seq{limit};",
                    [("$list", query.List), ("$channel", query.Channel?.ToString()), ("$after", Stamp(query.After)), ("$before", Stamp(query.Before)),
                    ("$riid", query.Riid), ("$campaign", query.CampaignId), ("$first", query.First), .. types]);
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
