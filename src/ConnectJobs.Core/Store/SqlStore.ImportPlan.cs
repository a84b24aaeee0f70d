using ConnectJobs.Data;
using ConnectJobs.Import;

namespace ConnectJobs.Store;

/// <summary>What an import needs to know about its target, worked out once: the SQL fragments
/// that merge it, and its row checks (Import/RowChecker.cs); each provider stages the rows its own way.</summary>
public abstract partial class SqlStore
{
    /// <summary>The staging table of one import and the pieces of SQL that merge it into the target.</summary>
    private protected sealed class Staging
    {
        public Staging(FieldMap map, DataTarget target, ProfileList? list, ImportRules rules, string source, SqlDialect dialect)
        {
            Rows = new RowChecker(map, target.Kind, rules);
            Kind = target.Kind;
            TargetId = target.Id;
            Source = source;
            Fields = map.Fields;
            Match = map.Match;
            Table = PhysicalName(target.Id);
            List = list is null ? null : PhysicalName(list.Id);
            ListName = list?.Name;
            string Quoted(ColumnDefinition c) => $"\"{c.Name}\"";

            // An extension table's match fields are the list's: they find the record, they are not stored.
            var own = Fields.Select(f => f.Column).Where(c => Kind != TargetKind.Extension || !Match.Contains(c)).ToList();
            var insertColumns = own.Select(Quoted).ToList();
            var insertValues = own.Select(c => "s." + Quoted(c)).ToList();
            if (Kind == TargetKind.List && rules.DefaultPermissionStatus is { } status)
            {
                // New records without a status of their own get the job's default (a checked I or O).
                var at = own.FindIndex(c => c.Name == SystemColumns.EmailPermissionStatus);
                if (at < 0)
                {
                    insertColumns.Add($"\"{SystemColumns.EmailPermissionStatus}\"");
                    insertValues.Add($"'{status}'");
                }
                else
                {
                    insertValues[at] = $"coalesce({insertValues[at]}, '{status}')";
                }
            }

            ColumnList = string.Join(", ", insertColumns);
            StageColumnList = string.Join(", ", insertValues);
            TracksPermission = Kind == TargetKind.List && own.Any(c => c.Name == SystemColumns.EmailPermissionStatus);
            StageAllColumnList = string.Join(", ", Fields.Select(f => "s." + Quoted(f.Column)));
            MatchColumnList = string.Join(", ", Match.Select(Quoted));
            StageMatchColumnList = string.Join(", ", Match.Select(c => "s." + Quoted(c)));
            var stamps = new[] { SystemColumns.CreatedDate, SystemColumns.ModifiedDate }.Where(n => target.Columns.Any(c => c.Name == n)).ToList();
            Stamps = string.Join(", ", stamps.Select(n => $"\"{n}\""));
            StampValues = string.Join(", ", stamps.Select(_ => "$now"));

            // Match columns already agree (EMAIL_ADDRESS_ perhaps in another case): they are neither
            // compared nor overwritten, so a record keeps the address as it was first stored.
            Own = own.Select(c => c.Name).ToList();
            Updatable = own.Where(c => !Match.Contains(c)).Select(c => c.Name).ToList();
            var updatable = Updatable.Select(n => $"\"{n}\"").ToList();
            UpdateAssignments = string.Join(", ", updatable.Select(n => $"{n} = s.{n}").Append($"\"{SystemColumns.ModifiedDate}\" = $now"));
            ChangedCondition = updatable.Count == 0 ? "FALSE" : string.Join(" OR ", updatable.Select(n => $"{Table}.{n} IS DISTINCT FROM s.{n}"));
            var matched = List ?? Table;
            MatchCondition = string.Join(" AND ", Match.Select(m => m.Name == SystemColumns.EmailAddress && target.Kind is TargetKind.List or TargetKind.Extension
                ? dialect.SameText($"{matched}.\"{m.Name}\"", $"s.\"{m.Name}\"")
                : $"{matched}.\"{m.Name}\" = s.\"{m.Name}\""));
        }

        /// <summary>The checks of each row and its staging key.</summary>
        public RowChecker Rows { get; }

        public TargetKind Kind { get; }

        public long TargetId { get; }

        /// <summary>The file, as events name it.</summary>
        public string Source { get; }

        /// <summary>A list import that brings EMAIL_PERMISSION_STATUS_: its changes become opt-in/out events.</summary>
        public bool TracksPermission { get; }

        public IReadOnlyList<(int FileIndex, ColumnDefinition Column)> Fields { get; }

        public IReadOnlyList<ColumnDefinition> Match { get; }

        public string Table { get; }

        /// <summary>For an extension table, its list's table, where the match fields find the RIID_.</summary>
        public string? List { get; }

        public string? ListName { get; }

        /// <summary>The target's own columns that the file feeds.</summary>
        public string ColumnList { get; }

        public string StageColumnList { get; }

        /// <summary>Every staged column, in file order (to rebuild a row for the reject file).</summary>
        public string StageAllColumnList { get; }

        public string MatchColumnList { get; }

        public string StageMatchColumnList { get; }

        /// <summary>The target's CREATED_DATE_ and MODIFIED_DATE_ (those it has), and their values.</summary>
        public string Stamps { get; }

        public string StampValues { get; }

        public string UpdateAssignments { get; }

        public string ChangedCondition { get; }

        public string MatchCondition { get; }

        public bool Has(string column) => Fields.Any(f => f.Column.Name == column);

        /// <summary>The target's own columns that the file feeds, by name.</summary>
        public IReadOnlyList<string> Own { get; }

        /// <summary>Those of them an update may change (not the match columns).</summary>
        public IReadOnlyList<string> Updatable { get; }
    }
}
