using ConnectJobs.Data;

namespace ConnectJobs.Store;

/// <summary>Lists' and tables' own tables in SQLite: RIID_ is the rowid.</summary>
public sealed partial class SqliteStore
{
    private protected override string ColumnSql(ColumnType type) => ValueConverter.SqlType(type);

    private protected override string RowColumnSql => "";

    /// <summary>INTEGER PRIMARY KEY is the rowid.</summary>
    private protected override string ListKeySql => " PRIMARY KEY";

    private protected override string EmailIndexSql(string column) => $"{column} COLLATE NOCASE";
}
