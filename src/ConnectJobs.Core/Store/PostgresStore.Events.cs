using System.Globalization;
using System.Text;
using ConnectJobs.Events;
using Npgsql;
using NpgsqlTypes;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

/// <summary>The event store's appends on PostgreSQL: the events copied in binary into a temporary
/// table, then appended in their order under the data half's lock, so that sequence numbers follow
/// the order transactions commit in (a feed reading after a number never misses an event that
/// commits later with a lower one). An id stored already, or earlier in the batch, is skipped by the
/// unique index, and counted.</summary>
public sealed partial class PostgresStore
{
    public async Task<EventCounts> AddEventsAsync(IEnumerable<StoredEvent> events, CancellationToken cancellationToken)
    {
        var columns = EventFields.All.Select(f => f.Column).Append("channel").Append("properties").ToArray();
        try
        {
            await using var connection = (NpgsqlConnection)await _data.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"CREATE TEMP TABLE incoming_event (ord bigint NOT NULL, {string.Join(", ", columns.Select(c => c + " text"))}) ON COMMIT DROP;", cancellationToken).ConfigureAwait(false);
            long rows = 0;
            await using (var writer = await connection.BeginBinaryImportAsync("COPY incoming_event FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
            {
                foreach (var e in events)
                {
                    writer.StartRow();
                    writer.Write(rows++, NpgsqlDbType.Bigint);
                    var at = 0;
                    foreach (var length in e.Lengths)
                    {
                        if (length < 0)
                        {
                            writer.WriteNull();
                            continue;
                        }

                        writer.Write(Encoding.UTF8.GetString(e.Utf8, at, length), NpgsqlDbType.Text);
                        at += length;
                    }

                    if (rows % ImportProgressInterval == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }

                await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            await _data.LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var values = EventFields.All.Select(f => f.Kind == EventFieldKind.Integer ? $"{f.Column}::bigint" : f.Column).Append("channel").Append("properties");
            await using var append = Command(connection, transaction,
                $"INSERT INTO cj_event ({string.Join(", ", columns)}, stored) SELECT {string.Join(", ", values)}, $now FROM incoming_event ORDER BY ord ON CONFLICT (event_id) WHERE event_id IS NOT NULL DO NOTHING;",
                ("$now", Now()));
            var added = await append.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new EventCounts(added, rows - added);
        }
        catch (System.Data.Common.DbException e) when (_data.Fault(e) is { } fault)
        {
            throw fault;
        }
    }
}
