using Microsoft.Data.Sqlite;

namespace ConnectJobs.Store;

/// <summary>The store's write clock (table cj_clock in data.db): every transaction that stamps
/// MODIFIED_DATE_ (imports, inserted records) takes its stamp here, later than any before it, while
/// it holds the write lock; an export reads the clock in the same snapshot as the rows it reads, so
/// "changed after the last export" is exact, and a filter against the latest load finds a load's
/// records by its stamp.</summary>
public sealed partial class SqliteStore
{
    /// <summary>Takes the next MODIFIED_DATE_ stamp: now, or a millisecond after the last stamp if the
    /// clock has not moved on (or went back). Called inside the write transaction that uses it.</summary>
    private static async Task<string> NextStampAsync(SqliteConnection c, SqliteTransaction t, CancellationToken cancellationToken)
    {
        await using var command = SqliteDatabase.Command(c, t,
            "UPDATE cj_clock SET stamp = max(strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', stamp, '+0.001 seconds')) WHERE id = 1 RETURNING stamp;");
        return (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<string> ClockAsync(SqliteConnection c, SqliteTransaction t, CancellationToken cancellationToken)
    {
        await using var command = SqliteDatabase.Command(c, t, "SELECT stamp FROM cj_clock WHERE id = 1;");
        return (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
