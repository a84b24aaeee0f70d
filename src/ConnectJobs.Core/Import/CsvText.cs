using System.Text;

namespace ConnectJobs.Import;

/// <summary>Writes fields as one CSV line, quoting only where needed (RFC 4180).</summary>
internal static class CsvText
{
    public static string Join(IEnumerable<string?> fields, char delimiter, char? quote)
    {
        var line = new StringBuilder();
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                line.Append(delimiter);
            }

            first = false;
            var value = field ?? "";
            if (quote is char q && value.AsSpan().IndexOfAny([delimiter, q, '\r', '\n']) >= 0)
            {
                line.Append(q).Append(value.Replace(q.ToString(), new string(q, 2), StringComparison.Ordinal)).Append(q);
            }
            else
            {
                line.Append(value);
            }
        }

        return line.ToString();
    }
}
