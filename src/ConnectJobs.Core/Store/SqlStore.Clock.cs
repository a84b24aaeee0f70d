using System.Data.Common;
using ConnectJobs.Data;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

/// <summary>The store's write clock (table cj_clock, in the data half): every transaction that stamps
/// MODIFIED_DATE_ (imports, inserted records) takes its stamp here, later than any before it, while
/// it holds the write lock; an export reads the clock in the same snapshot as the rows it reads, so
/// "changed after the last export" is exact, and a filter against the latest load finds a load's
/// records by its stamp.</summary>
public abstract partial class SqlStore
{
    /// <summary>Takes the next MODIFIED_DATE_ stamp: now, or a millisecond after the last stamp if the
    /// clock has not moved on (or went back: another host's clock may be behind this one's). Called
    /// inside the write transaction that uses it, which holds the data half's lock.</summary>
    private protected static async Task<string> NextStampAsync(DbConnection c, DbTransaction t, CancellationToken cancellationToken)
    {
        var last = ValueConverter.ParseTimestamp(await ClockAsync(c, t, cancellationToken).ConfigureAwait(false));
        var now = ValueConverter.ParseTimestamp(ValueConverter.FormatTimestamp(DateTime.UtcNow));
        var stamp = ValueConverter.FormatTimestamp(now > last ? now : last.AddMilliseconds(1));
        await using var command = Command(c, t, "UPDATE cj_clock SET stamp = $stamp WHERE id = 1;", ("$stamp", stamp));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return stamp;
    }

    private protected static async Task<string> ClockAsync(DbConnection c, DbTransaction t, CancellationToken cancellationToken)
    {
        await using var command = Command(c, t, "SELECT stamp FROM cj_clock WHERE id = 1;");
        return (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
