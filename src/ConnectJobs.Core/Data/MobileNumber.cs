namespace ConnectJobs.Data;

/// <summary>Mobile numbers in E.164 form: '+', the country calling code and the subscriber number,
/// at most 15 digits. Numbers written the national way (with or without the trunk prefix 0) take
/// a default country calling code; '00' is read as the international prefix.</summary>
internal static class MobileNumber
{
    public static bool TryNormalize(string written, int defaultCountryCode, out string e164)
    {
        e164 = "";
        var digits = new System.Text.StringBuilder(16);
        foreach (var c in written.Trim())
        {
            if (char.IsAsciiDigit(c) || (c == '+' && digits.Length == 0))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '/'))
            {
                return false;
            }
        }

        var text = digits.ToString();
        var international = text.StartsWith('+') ? text[1..]
            : text.StartsWith("00", StringComparison.Ordinal) ? text[2..]
            : string.Concat(defaultCountryCode.ToString(System.Globalization.CultureInfo.InvariantCulture), text.StartsWith('0') ? text[1..] : text);
        if (international.Length is < 8 or > 15 || international[0] == '0' || !international.All(char.IsAsciiDigit))
        {
            return false;
        }

        e164 = "+" + international;
        return true;
    }
}
