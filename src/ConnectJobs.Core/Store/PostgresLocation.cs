using System.Globalization;
using Npgsql;

namespace ConnectJobs.Store;

/// <summary>Where a PostgreSQL store is: an Npgsql connection string (<c>Host=db1;Database=connect;
/// Username=cj</c>) or a <c>postgresql://</c> URI, checked before anything connects. The password is
/// never part of it: it comes from a credential, or from PGPASSFILE (<c>~/.pgpass</c>), which Npgsql
/// reads itself, so it stays out of scripts, environment variables and logs.</summary>
public static class PostgresLocation
{
    /// <summary>Whether <paramref name="location"/> names a PostgreSQL store rather than a folder.</summary>
    public static bool IsPostgres(string location) =>
        location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || (location.Contains('=', StringComparison.Ordinal) && location.Contains("host", StringComparison.OrdinalIgnoreCase));

    /// <summary>The connection settings, with ConnectJobs' own (its application name); an unknown
    /// key, a bad value or a password in the text is refused (StoreConnectionStringInvalid).</summary>
    public static NpgsqlConnectionStringBuilder Parse(string location, System.Net.NetworkCredential? credential)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = location.Contains("://", StringComparison.Ordinal) ? FromUri(location) : FromKeywords(location);
        }
        catch (Exception e) when (e is ArgumentException or UriFormatException)
        {
            throw Invalid(e.Message);
        }

        if (!string.IsNullOrEmpty(builder.Password))
        {
            throw Invalid(Messages.StorePasswordInConnectionString);
        }

        if (string.IsNullOrEmpty(builder.Host))
        {
            throw Invalid("it names no Host");
        }

        if (credential is not null)
        {
            builder.Username = credential.UserName;
            builder.Password = credential.Password;
        }

        builder.ApplicationName ??= "ConnectJobs";
        return builder;
    }

    /// <summary>How the store is shown (Get-ConnectStore, errors): the URI without any password.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        string.Create(CultureInfo.InvariantCulture, $"postgresql://{(string.IsNullOrEmpty(builder.Username) ? "" : Uri.EscapeDataString(builder.Username) + "@")}{builder.Host}:{builder.Port}/{builder.Database}");

    /// <summary>Keyword settings, set one by one so that an error names the setting it is about.</summary>
    private static NpgsqlConnectionStringBuilder FromKeywords(string text)
    {
        var builder = new NpgsqlConnectionStringBuilder();
        foreach (var (key, value) in Pairs(new System.Data.Common.DbConnectionStringBuilder { ConnectionString = text }))
        {
            Set(builder, key, value);
        }

        return builder;
    }

    private static IEnumerable<(string Key, string Value)> Pairs(System.Data.Common.DbConnectionStringBuilder settings) =>
        settings.Keys.Cast<string>().Select(k => (k, Convert.ToString(settings[k], CultureInfo.InvariantCulture) ?? ""));

    private static void Set(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        try
        {
            builder[key] = value;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or KeyNotFoundException)
        {
            // The password's value is never repeated in a message.
            throw new ArgumentException(key.Equals("password", StringComparison.OrdinalIgnoreCase) ? key : $"'{key}={value}': {e.Message}", e);
        }
    }

    /// <summary>A libpq URI (<c>postgresql://user@host:port/database?sslmode=require</c>) as Npgsql settings.</summary>
    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        var uri = new Uri(text);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, v) : (pair, "");
            Set(builder, LibpqKey(Uri.UnescapeDataString(key)), Uri.UnescapeDataString(value));
        }

        return builder;
    }

    // The libpq spellings that differ from Npgsql's; the rest (sslmode, options) are the same words.
    private static string LibpqKey(string key) => key.ToLowerInvariant() switch
    {
        "connect_timeout" => "Timeout",
        "application_name" => "Application Name",
        "sslrootcert" => "Root Certificate",
        "sslcert" => "SSL Certificate",
        "sslkey" => "SSL Key",
        "target_session_attrs" => "Target Session Attributes",
        _ => key,
    };

    private static ConnectException Invalid(string reason) =>
        ConnectException.Create(ErrorIds.StoreConnectionStringInvalid, ErrorKind.InvalidArgument, null, Messages.StoreConnectionStringInvalid, reason);
}
