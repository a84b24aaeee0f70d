using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ConnectJobs.Store;

/// <summary>What SQLite reports and spells its own way: broken constraints, filters' SQL.</summary>
public sealed partial class SqliteStore
{
    private protected override SqlDialect Dialect => SqlDialect.Sqlite;

    /// <summary>Prepared (which checks every name and type) and dropped, never stepped.</summary>
    private protected override Task PrepareAsync(DbConnection c, DbTransaction t, string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        using var statement = new RawStatement((SqliteConnection)c, sql + ";");
        return Task.CompletedTask;
    }

    /// <summary>SQLITE_CONSTRAINT (19): a foreign key (787) or a unique key (any other).</summary>
    private protected override Violation? BrokenConstraint(DbException exception) => exception is SqliteException { SqliteErrorCode: 19 } e
        ? e.SqliteExtendedErrorCode == 787 ? Violation.ForeignKey : Violation.Unique
        : null;
}
