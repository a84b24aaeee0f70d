using System.Globalization;
using System.Text;

/// <summary>Writes a deterministic contact file: 12 columns, quoted fields with commas and line
/// breaks, non-ASCII names, about 1 % malformed addresses. Row i has an address made from i, so two
/// files with overlapping ranges of i share that share of addresses. The addresses do not sort in
/// file order, as in a real file: with c{i}@example.com a file would be sorted by address and a
/// merge would walk the address index in order, which no real file lets it do.</summary>
internal static class ContactFile
{
    public const string Header = "EMAIL_ADDRESS_,CUSTOMER_ID_,FIRST_NAME,LAST_NAME,CITY_,POSTAL_CODE_,COUNTRY_,MOBILE_NUMBER_,EMAIL_PERMISSION_STATUS_,LOYALTY_POINTS,SIGNUP_DATE,NOTE";

    private static readonly string[] FirstNames = ["Anna", "Bjørn", "Chloé", "Dmitri", "Émile", "Fatima", "Göran", "Hiroshi", "Inès", "José", "Katarzyna", "Lars"];
    private static readonly string[] Cities = ["Amsterdam", "München", "Kraków", "Málaga", "Zürich", "Gent", "Århus", "Lyon"];
    private static readonly string[] Countries = ["NL", "DE", "PL", "ES", "CH", "BE", "DK", "FR"];

    /// <param name="shuffled">Rows in random order of i instead of i's order (a file from another
    /// system, not a re-export of the list in its own order).</param>
    public static void Write(string path, long first, long count, int seed, bool shuffled = false)
    {
        var random = new Random(seed);
        var order = Enumerable.Range(0, (int)count).Select(n => first + n).ToArray();
        if (shuffled)
        {
            new Random(seed + 1).Shuffle(order);
        }

        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.NewLine = "\n";
        writer.WriteLine(Header);
        var line = new StringBuilder();
        foreach (var i in order)
        {
            line.Clear();
            var email = random.Next(100) == 0 ? $"broken.{i}.example.com" : Address(i);
            var name = FirstNames[random.Next(FirstNames.Length)];
            var city = random.Next(Cities.Length);
            line.Append(email).Append(',')
                .Append("CUST").Append(i.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(name).Append(',')
                .Append("Lastname").Append(random.Next(1000).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Cities[city]).Append(',')
                .Append(random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Countries[city]).Append(',')
                .Append("+3161").Append(random.Next(1000000, 9999999).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(random.Next(10) == 0 ? 'O' : 'I').Append(',')
                .Append(random.Next(5000).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(new DateTime(2015, 1, 1).AddDays(random.Next(4000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',');
            switch (random.Next(20))
            {
                case 0:
                    line.Append("\"likes \"\"gifts\"\", coupons\"");
                    break;
                case 1:
                    line.Append("\"two\nlines\"");
                    break;
                default:
                    line.Append("plain note");
                    break;
            }

            writer.WriteLine(line);
        }
    }

    /// <summary>A unique address for row i whose sort order is unrelated to i (Knuth's multiplicative hash).</summary>
    private static string Address(long i) =>
        string.Create(CultureInfo.InvariantCulture, $"u{(uint)(i * 2654435761L):x8}.{i}@example.com");
}
