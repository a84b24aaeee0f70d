using System.Globalization;
using System.Text;

namespace ConnectJobs.Store;

/// <summary>Where the providers' SQL differs in what filters and feeds need: comparing text without
/// regard to case, PowerShell's wildcards, positional parameters, a JSON object's text. Everything else a filter writes
/// (<see cref="FilterSql"/>) is the same on both.</summary>
internal sealed class SqlDialect
{
    /// <summary>SQLite: NOCASE, GLOB, <c>?N</c>.</summary>
    public static readonly SqlDialect Sqlite = new(" COLLATE NOCASE", "?", Glob, (value, pattern, caseSensitive) =>
        caseSensitive ? $"{value} GLOB {pattern}" : $"upper({value}) GLOB upper({pattern})",
        (json, key) => $"json_extract({json}, '$.\"{Quoted(key).Replace("\"", "", StringComparison.Ordinal)}\"')",
        (a, b) => $"{a} = {b} COLLATE NOCASE");

    /// <summary>PostgreSQL: the store's nondeterministic ICU collation (see the migrations), POSIX
    /// regular expressions (<c>~</c>, <c>~*</c>), <c>$N</c>.</summary>
    public static readonly SqlDialect Postgres = new(" COLLATE cj_nocase", "$", Regex, (value, pattern, caseSensitive) =>
        $"{value} {(caseSensitive ? "~" : "~*")} {pattern}",
        (json, key) => $"({json}::json ->> '{Quoted(key)}')",
        (a, b) => $"lower({a}) = lower({b})");

    private readonly string _placeholder;
    private readonly Func<string, string> _pattern;
    private readonly Func<string, string, bool, string> _match;
    private readonly Func<string, string, string> _jsonText;
    private readonly Func<string, string, string> _sameText;

    private SqlDialect(string noCase, string placeholder, Func<string, string> pattern, Func<string, string, bool, string> match, Func<string, string, string> jsonText, Func<string, string, string> sameText)
    {
        _sameText = sameText;
        NoCase = noCase;
        _placeholder = placeholder;
        _pattern = pattern;
        _match = match;
        _jsonText = jsonText;
    }

    /// <summary>The collation clause that compares text without regard to case.</summary>
    public string NoCase { get; }

    /// <summary>The <paramref name="number"/>th positional parameter (from 1).</summary>
    public string Placeholder(int number) => _placeholder + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>A PowerShell wildcard as the pattern <see cref="Match"/> takes.</summary>
    public string Pattern(string wildcard) => _pattern(wildcard);

    /// <summary>Whether the text <paramref name="value"/> matches the pattern parameter <paramref name="pattern"/>.</summary>
    public string Match(string value, string pattern, bool caseSensitive) => _match(value, pattern, caseSensitive);

    /// <summary>The text of <paramref name="key"/> in the JSON object held by column <paramref name="json"/>.</summary>
    public string JsonText(string json, string key) => _jsonText(json, key);

    /// <summary>Whether two texts are the same but for case, as an import matches addresses: a join
    /// that each provider runs its fastest way (on PostgreSQL, plain text hashed, with the lists'
    /// index on lower(EMAIL_ADDRESS_)).</summary>
    public string SameText(string a, string b) => _sameText(a, b);

    private static string Quoted(string text) => text.Replace("'", "''", StringComparison.Ordinal);

    /// <summary>PowerShell wildcards to a GLOB pattern: '*', '?' and '[a-z]' are the same; a
    /// backtick-escaped character becomes a one-character class.</summary>
    private static string Glob(string wildcard)
    {
        var glob = new StringBuilder(wildcard.Length);
        foreach (var (c, escaped) in Characters(wildcard))
        {
            glob.Append(escaped && c is '*' or '?' or '[' or ']' ? $"[{c}]" : c.ToString());
        }

        return glob.ToString();
    }

    /// <summary>PowerShell wildcards to an anchored POSIX regular expression: '*' is '.*', '?' is '.',
    /// '[a-z]' stays a class; every other character (and an escaped one) stands for itself.</summary>
    private static string Regex(string wildcard)
    {
        var regex = new StringBuilder("^", wildcard.Length + 8);
        var inClass = false;
        foreach (var (c, escaped) in Characters(wildcard))
        {
            regex.Append((c, escaped, inClass) switch
            {
                ('*', false, false) => ".*",
                ('?', false, false) => ".",
                ('[', false, false) => "[",
                (']', false, true) => "]",
                (_, _, true) => c == '\\' ? @"\\" : c.ToString(),
                _ => char.IsLetterOrDigit(c) || c == ' ' ? c.ToString() : "\\" + c,
            });
            inClass = (c, escaped) switch
            {
                ('[', false) => true,
                (']', false) => false,
                _ => inClass,
            };
        }

        return regex.Append('$').ToString();
    }

    /// <summary>The wildcard's characters, each with whether a backtick escaped it.</summary>
    private static IEnumerable<(char Character, bool Escaped)> Characters(string wildcard)
    {
        for (var i = 0; i < wildcard.Length; i++)
        {
            yield return wildcard[i] == '`' && i + 1 < wildcard.Length ? (wildcard[++i], true) : (wildcard[i], false);
        }
    }
}
