using System.Data.Common;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

/// <summary>Event feeds' positions (feed_position in control.db).</summary>
public abstract partial class SqlStore
{
    public Task<IReadOnlyDictionary<string, long>> GetFeedPositionsAsync(long jobId, CancellationToken cancellationToken) =>
        ControlHalf.ReadAsync<IReadOnlyDictionary<string, long>>(
            async c =>
            {
                await using var query = Command(c, null, "SELECT type, seq FROM feed_position WHERE job_id = $job;", ("$job", jobId));
                await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var positions = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    positions[reader.GetString(0)] = reader.GetInt64(1);
                }

                return positions;
            },
            cancellationToken);

    public Task SetFeedPositionAsync(long jobId, string type, long sequence, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) =>
            {
                await using var upsert = Command(c, t, "INSERT INTO feed_position (job_id, type, seq) VALUES ($job, $type, $seq) ON CONFLICT (job_id, type) DO UPDATE SET seq = excluded.seq;",
                    ("$job", jobId), ("$type", type), ("$seq", sequence));
                return await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
}
