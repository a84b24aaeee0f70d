using System.Globalization;
using System.Text.RegularExpressions;

namespace ConnectJobs.Data;

/// <summary>One column of a list or table. Settable properties and a parameterless constructor let
/// PowerShell build one from a hashtable (<c>@{ Name = 'POINTS'; Type = 'Number' }</c>), and
/// <see cref="Parse"/> lets it build one from text (<c>'POINTS:Number'</c>).</summary>
public sealed partial class ColumnDefinition
{
    public const int DefaultTextLength = 500;
    public const int MaxTextLength = 4000;
    public const int MaxNameLength = 30;

    public ColumnDefinition()
    {
    }

    public ColumnDefinition(string name, ColumnType type = ColumnType.Text, int? maxLength = null)
    {
        Name = name;
        Type = type;
        MaxLength = maxLength;
    }

    public string Name { get; set; } = "";

    public ColumnType Type { get; set; } = ColumnType.Text;

    /// <summary>For text columns: how many characters the column holds; 500 when not given.</summary>
    public int? MaxLength { get; set; }

    /// <summary>True for the columns ConnectJobs defines (names ending in '_').</summary>
    public bool IsSystem { get; init; }

    /// <summary>Position in the table's key (1-based), or null when the column is not part of it.</summary>
    public int? KeyOrdinal { get; init; }

    /// <summary>Parses <c>NAME</c>, <c>NAME:TYPE</c> or <c>NAME:Text(LENGTH)</c>.</summary>
    public static ColumnDefinition Parse(string text)
    {
        var match = SpecPattern().Match(text ?? "");
        if (!match.Success || !Enum.TryParse<ColumnType>(match.Groups["type"].Success ? match.Groups["type"].Value : "Text", true, out var type))
        {
            throw ConnectException.Create(ErrorIds.InvalidColumnSpec, ErrorKind.InvalidArgument, text, Messages.InvalidColumnSpec, text);
        }

        int? length = match.Groups["len"].Success ? int.Parse(match.Groups["len"].Value, CultureInfo.InvariantCulture) : null;
        return new ColumnDefinition(match.Groups["name"].Value, type, length);
    }

    public override string ToString() =>
        Type == ColumnType.Text ? $"{Name}:Text({MaxLength ?? DefaultTextLength})" : $"{Name}:{Type}";

    [GeneratedRegex(@"^\s*(?<name>[^:\s]+)\s*(:\s*(?<type>[A-Za-z]+)\s*(\(\s*(?<len>\d{1,9})\s*\))?)?\s*$")]
    private static partial Regex SpecPattern();
}
