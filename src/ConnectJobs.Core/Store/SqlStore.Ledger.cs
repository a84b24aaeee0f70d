using ConnectJobs.Data;
using ConnectJobs.Locations;
using System.Data.Common;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

public abstract partial class SqlStore
{
    public Task RecordTransferAsync(FileTransfer transfer, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) =>
            {
                await using var insert = Command(c, t,
                    "INSERT INTO ledger (direction, connection, path, size, last_write, sha256, job_id, run_id, time) VALUES ($direction, $connection, $path, $size, $lastWrite, $sha, $job, $run, $time);",
                    ("$direction", transfer.Direction.ToString()), ("$connection", transfer.Connection), ("$path", transfer.Path), ("$size", transfer.Size),
                    ("$lastWrite", ValueConverter.FormatTimestamp(transfer.LastWriteUtc)), ("$sha", transfer.Sha256), ("$job", transfer.JobId), ("$run", transfer.RunId), ("$time", Now()));
                return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>The earlier import of the same file (same place, size, time and content), or null.</summary>
    public async Task<FileTransfer?> FindTransferAsync(FileTransfer transfer, CancellationToken cancellationToken) =>
        (await ControlHalf.ReadAsync(
            c => LoadTransfersAsync(c, "direction = $direction AND connection IS NOT DISTINCT FROM $connection AND path = $path AND size = $size AND last_write = $lastWrite AND sha256 = $sha", cancellationToken,
                ("$direction", transfer.Direction.ToString()), ("$connection", transfer.Connection), ("$path", transfer.Path), ("$size", transfer.Size),
                ("$lastWrite", ValueConverter.FormatTimestamp(transfer.LastWriteUtc)), ("$sha", transfer.Sha256)),
            cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>The ledger, newest first: of one job, and after a time, when given.</summary>
    public Task<IReadOnlyList<FileTransfer>> GetTransfersAsync(long? jobId, DateTime? after, CancellationToken cancellationToken) =>
        ControlHalf.ReadAsync(
            c => LoadTransfersAsync(c, "(job_id = $job OR $job IS NULL) AND (time > $after OR $after IS NULL)", cancellationToken,
                ("$job", jobId), ("$after", after is null ? null : ValueConverter.FormatTimestamp(after.Value))),
            cancellationToken);

    private static async Task<IReadOnlyList<FileTransfer>> LoadTransfersAsync(DbConnection c, string condition, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var query = Command(c, null, $"SELECT id, direction, connection, path, size, last_write, sha256, job_id, run_id, time FROM ledger WHERE {condition} ORDER BY id DESC;", parameters);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var transfers = new List<FileTransfer>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            transfers.Add(new FileTransfer
            {
                Id = reader.GetInt64(0),
                Direction = Enum.Parse<TransferDirection>(reader.GetString(1)),
                Connection = reader.IsDBNull(2) ? null : reader.GetString(2),
                Path = reader.GetString(3),
                Size = reader.GetInt64(4),
                LastWriteUtc = ValueConverter.ParseTimestamp(reader.GetString(5)),
                Sha256 = reader.GetString(6),
                JobId = reader.GetInt64(7),
                RunId = reader.GetInt64(8),
                Time = ValueConverter.ParseTimestamp(reader.GetString(9)),
            });
        }

        return transfers;
    }
}
