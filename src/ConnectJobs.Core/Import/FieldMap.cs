using System.Globalization;
using ConnectJobs.Data;

namespace ConnectJobs.Import;

/// <summary>Which file column feeds which list column. Built and checked before any row is read, so
/// that a mapping mistake fails the import with nothing loaded.</summary>
public sealed class FieldMap
{
    private FieldMap(IReadOnlyList<(int FileIndex, ColumnDefinition Column)> fields, IReadOnlyList<ColumnDefinition> match, IReadOnlyList<string> unmapped, IReadOnlyList<string> likeNamed)
    {
        Fields = fields;
        Match = match;
        Unmapped = unmapped;
        LikeNamed = likeNamed;
    }

    /// <summary>'FILE_COLUMN → COLUMN' for each column mapped by a like name (MatchLikeNamedColumns).</summary>
    public IReadOnlyList<string> LikeNamed { get; }

    /// <summary>Mapped fields in file order: the file column's index and the list column.</summary>
    public IReadOnlyList<(int FileIndex, ColumnDefinition Column)> Fields { get; }

    public IReadOnlyList<ColumnDefinition> Match { get; }

    public IReadOnlyList<string> Unmapped { get; }

    public static FieldMap Create(DataTarget target, string file, IReadOnlyList<string> fileColumns, IReadOnlyDictionary<string, string>? mapping, IReadOnlyList<string> matchColumns, bool likeNamed = false) =>
        Create(target.Name, target.Kind, target.Columns, file, fileColumns, mapping, matchColumns, likeNamed);

    /// <summary>The map onto <paramref name="columns"/>: a target's own, or for an extension table its
    /// columns and its list's match columns. A suppression list has no match columns (an entry is its
    /// address or domain).</summary>
    public static FieldMap Create(string targetLabel, TargetKind kind, IReadOnlyList<ColumnDefinition> columns, string file, IReadOnlyList<string> fileColumns,
        IReadOnlyDictionary<string, string>? mapping, IReadOnlyList<string> matchColumns, bool likeNamed = false)
    {
        var explicitMap = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (from, to) in mapping ?? new Dictionary<string, string>())
        {
            if (!fileColumns.Contains(from, StringComparer.OrdinalIgnoreCase))
            {
                throw Error(ErrorIds.MappedColumnNotInFile, ErrorKind.InvalidArgument, from, Messages.MappedColumnNotInFile, from, file, string.Join(", ", fileColumns)).InFile();
            }

            explicitMap[from] = to;
        }

        var fields = new List<(int, ColumnDefinition)>();
        var unmapped = new List<string>();
        var byLikeName = new List<string>();
        var used = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < fileColumns.Count; i++)
        {
            var name = fileColumns[i].Trim();
            var targetName = explicitMap.GetValueOrDefault(name) ?? name;
            var column = columns.FirstOrDefault(c => c.Name.Equals(targetName.Trim(), StringComparison.OrdinalIgnoreCase));
            if (column is null && likeNamed && !explicitMap.ContainsKey(name) && LikeNamedColumn(name, columns, fileColumns) is { } like)
            {
                column = like;
                byLikeName.Add($"{name} → {like.Name}");
            }

            if (column is null)
            {
                if (explicitMap.ContainsKey(name))
                {
                    throw Error(ErrorIds.UnknownMappedColumn, ErrorKind.InvalidArgument, targetName, Messages.UnknownMappedColumn, name, targetName, targetLabel);
                }

                unmapped.Add(name);
                continue;
            }

            if (SystemColumns.IsGenerated(kind, column.Name))
            {
                throw Error(ErrorIds.SystemColumnMapped, ErrorKind.InvalidArgument, name, Messages.SystemColumnMapped, name, column.Name);
            }

            if (used.TryGetValue(column.Name, out var other))
            {
                throw Error(ErrorIds.ColumnMappedTwice, ErrorKind.InvalidArgument, column.Name, Messages.ColumnMappedTwice, column.Name, other, name);
            }

            used[column.Name] = name;
            fields.Add((i, column));
        }

        if (matchColumns.Count is < 1 or > 2 && kind != TargetKind.Suppression)
        {
            throw Error(ErrorIds.InvalidMatchColumns, ErrorKind.InvalidArgument, matchColumns, Messages.InvalidMatchColumns, matchColumns.Count);
        }

        var match = new List<ColumnDefinition>();
        foreach (var name in matchColumns)
        {
            var column = fields.Select(f => f.Item2).FirstOrDefault(c => c.Name.Equals(name?.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw Error(ErrorIds.MatchColumnNotMapped, ErrorKind.InvalidArgument, name, Messages.MatchColumnNotMapped, name, file).InFile();
            match.Add(column);
        }

        return new FieldMap(fields, match, unmapped, byLikeName);
    }

    /// <summary>The one column whose words each begin with the file column's word in the same place
    /// (CUST_ID → CUSTOMER_ID_), and that no file column names exactly; null when none or several.</summary>
    private static ColumnDefinition? LikeNamedColumn(string fileColumn, IReadOnlyList<ColumnDefinition> columns, IReadOnlyList<string> fileColumns)
    {
        static string[] Words(string name) => name.Split(['_', ' ', '-', '.'], StringSplitOptions.RemoveEmptyEntries);
        var words = Words(fileColumn);
        var candidates = columns
            .Where(c => !fileColumns.Contains(c.Name, StringComparer.OrdinalIgnoreCase))
            .Where(c => Words(c.Name) is var theirs && words.Length > 0 && theirs.Length == words.Length
                && words.Zip(theirs).All(p => p.Second.StartsWith(p.First, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return candidates.Count == 1 ? candidates[0] : null;
    }

    private static ConnectException Error(string id, ErrorKind kind, object? target, string format, params object?[] args) =>
        new(id, kind, target, string.Format(CultureInfo.CurrentCulture, format, args));
}
