using ConnectJobs.Events;
using static ConnectJobs.Store.SqliteDatabase;

namespace ConnectJobs.Store;

/// <summary>The event store (cj_event in data.db): one prepared insert for a whole batch, in the write
/// lock that also gives each event its sequence number.</summary>
public sealed partial class SqliteStore
{
    /// <summary>Rows one INSERT appends: a statement started once per row would open its table and
    /// index again for each, which costs as much as the row itself.</summary>
    private const int EventsPerInsert = 32;

    /// <summary>Events are appended through prepared statements of <see cref="EventsPerInsert"/> rows
    /// bound by position (a file's millions of rows: see <see cref="RawStatement"/>); an id stored
    /// already is ignored by the unique index, and counted.</summary>
    public Task<EventCounts> AddEventsAsync(IEnumerable<StoredEvent> events, CancellationToken cancellationToken) =>
        _data.WriteFileAsync(
            async (c, t) =>
            {
                await ExecuteAsync(c, t, $"PRAGMA main.cache_size=-{ImportCacheKiB};", cancellationToken).ConfigureAwait(false);
                var now = Now();
                using var many = new RawStatement(c, InsertEvents(EventsPerInsert, now));
                using var one = new RawStatement(c, InsertEvents(1, now));
                var width = EventFields.All.Count + 2;
                long rows = 0, added = 0;
                var pending = new List<StoredEvent>(EventsPerInsert);
                using var arena = new NativeBuffer(1 << 16);
                foreach (var e in events)
                {
                    pending.Add(e);
                    rows++;
                    if (pending.Count == EventsPerInsert)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        added += Insert(many, pending);
                    }
                }

                foreach (var e in pending.ToArray())
                {
                    added += Insert(one, [e]);
                }

                return new EventCounts(added, rows - added);

                // The batch's text is copied into one block of native memory that stays where it is
                // while the statement runs, so SQLite reads it in place instead of copying each value.
                unsafe int Insert(RawStatement insert, List<StoredEvent> batch)
                {
                    var size = batch.Sum(e => e.Utf8.Length);
                    if (size > arena.Length)
                    {
                        arena.Grow(size);
                    }

                    insert.ClearRow();
                    var at = 0;
                    for (var i = 0; i < batch.Count; i++)
                    {
                        var utf8 = batch[i].Utf8;
                        utf8.CopyTo(new Span<byte>(arena.Pointer + at, utf8.Length));
                        insert.BindRow(arena.Pointer + at, batch[i].Lengths, (i * width) + 1);
                        at += utf8.Length;
                    }

                    batch.Clear();
                    return insert.ExecuteRow();
                }
            },
            cancellationToken);

    /// <summary>An INSERT of <paramref name="rows"/> events, each stored at <paramref name="now"/>.</summary>
    private static string InsertEvents(int rows, string now)
    {
        var width = EventFields.All.Count + 2;
        var values = Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", Enumerable.Range((r * width) + 1, width).Select(p => $"?{p}")) + $", '{now}')");
        return $"INSERT OR IGNORE INTO cj_event ({EventColumns}, channel, properties, stored) VALUES {string.Join(", ", values)};";
    }

    /// <summary>Memory outside the garbage collector's heap, which never moves.</summary>
    private sealed unsafe class NativeBuffer(int size) : IDisposable
    {
        public byte* Pointer { get; private set; } = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc((nuint)size);

        public int Length { get; private set; } = size;

        public void Grow(int size)
        {
            Pointer = (byte*)System.Runtime.InteropServices.NativeMemory.Realloc(Pointer, (nuint)size);
            Length = size;
        }

        public void Dispose()
        {
            System.Runtime.InteropServices.NativeMemory.Free(Pointer);
            Pointer = null;
        }
    }
}
