using ConnectJobs.Data;
using static ConnectJobs.Store.SqliteDatabase;

namespace ConnectJobs.Store;

public sealed partial class SqliteStore
{
    public Task<IReadOnlyList<ContactEvent>> GetEventsAsync(string? list, DateTime? after, CancellationToken cancellationToken) =>
        _data.ReadAsync<IReadOnlyList<ContactEvent>>(
            async c =>
            {
                await using var query = Command(c, null,
                    "SELECT e.id, l.name, e.riid, e.type, e.time, e.source FROM cj_event e JOIN cj_target l ON l.id = e.list_id WHERE ($list IS NULL OR l.name = $list) AND ($after IS NULL OR e.time > $after) ORDER BY e.id;",
                    ("$list", list), ("$after", after is null ? null : ValueConverter.FormatTimestamp(after.Value)));
                await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var events = new List<ContactEvent>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    events.Add(new ContactEvent(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), ValueConverter.ParseTimestamp(reader.GetString(4)), reader.IsDBNull(5) ? null : reader.GetString(5)));
                }

                return events;
            },
            cancellationToken);
}
