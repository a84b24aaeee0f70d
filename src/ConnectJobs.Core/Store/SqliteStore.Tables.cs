using System.Globalization;
using System.Text;
using ConnectJobs.Data;

namespace ConnectJobs.Store;

/// <summary>Lists' and tables' own tables in SQLite: RIID_ is the rowid.</summary>
public sealed partial class SqliteStore
{
    private protected override string ColumnSql(ColumnType type) => ValueConverter.SqlType(type);

    private protected override string CreateTableSql(long id, TargetKind kind, long? listId, IReadOnlyList<ColumnDefinition> columns)
    {
        var table = PhysicalName(id);
        var sql = new StringBuilder().Append(CultureInfo.InvariantCulture, $"CREATE TABLE {table} (");
        foreach (var column in columns)
        {
            sql.Append(CultureInfo.InvariantCulture, $"\"{column.Name}\" {ColumnSql(column.Type)}");
            if (column.Name == SystemColumns.Riid)
            {
                // INTEGER PRIMARY KEY is the rowid: generated for lists, the list's id for extensions.
                sql.Append(" PRIMARY KEY");
                if (kind == TargetKind.Extension)
                {
                    sql.Append(CultureInfo.InvariantCulture, $" REFERENCES {PhysicalName(listId!.Value)}(\"{SystemColumns.Riid}\") ON DELETE CASCADE");
                }
            }

            sql.Append(", ");
        }

        var key = columns.Where(c => c.KeyOrdinal is not null && c.Name != SystemColumns.Riid).OrderBy(c => c.KeyOrdinal).Select(c => $"\"{c.Name}\"").ToList();
        if (key.Count > 0)
        {
            sql.Append(CultureInfo.InvariantCulture, $"UNIQUE ({string.Join(", ", key)}), ");
        }

        if (kind == TargetKind.Suppression)
        {
            sql.Append(CultureInfo.InvariantCulture, $"UNIQUE (\"{SystemColumns.EmailAddress}\"), UNIQUE (\"{SystemColumns.EmailDomain}\"), ");
        }

        sql.Length -= 2;
        sql.Append(");");
        if (kind == TargetKind.List)
        {
            // Imports match incoming rows on these; exports select changes by MODIFIED_DATE_.
            sql.Append(CultureInfo.InvariantCulture, $" CREATE INDEX \"T{id}_EMAIL\" ON {table}(\"{SystemColumns.EmailAddress}\" COLLATE NOCASE);");
            sql.Append(CultureInfo.InvariantCulture, $" CREATE INDEX \"T{id}_CUSTOMER\" ON {table}(\"{SystemColumns.CustomerId}\");");
        }

        return sql.ToString();
    }
}
