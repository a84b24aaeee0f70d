using Npgsql;

namespace ConnectJobs.Core.Tests;

/// <summary>A real PostgreSQL server (Debian's postgresql) in a throwaway cluster: <c>initdb</c> into
/// a temporary folder as an unprivileged user (PostgreSQL refuses to run as root), a spare port on
/// 127.0.0.1, password (SCRAM) logins only. The cluster's superuser is the throwaway user; stores
/// are made in databases owned by a role that is not a superuser, as a DBA would set one up.</summary>
public sealed class PostgresServer : TestServer
{
    /// <summary>The role that owns the stores' databases: what README tells a DBA to create.</summary>
    public const string StoreRole = "connectjobs";

    // fsync off: the tests stop clients and the server, never the machine; it keeps many commits fast.
    private readonly string[] _arguments;

    public PostgresServer()
        : base("postgres", "cjpg")
    {
        var data = Path.Combine(Folder, "data");
        var sockets = Path.Combine(Folder, "sockets");
        foreach (var folder in new[] { data, sockets })
        {
            Directory.CreateDirectory(folder);
            Run("chown", User, folder);
        }

        var passwordFile = Path.Combine(Folder, "pw");
        File.WriteAllText(passwordFile, Password);
        Run("chown", User, passwordFile);
        Run("runuser", "-u", User, "--", Binary("initdb"), "-D", data, "-U", User, "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--no-locale", "--no-sync");
        File.Delete(passwordFile);

        _arguments = ["-u", User, "--", Binary("postgres"), "-D", data, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-k", sockets, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"];
        Start("runuser", _arguments);
        StorePassword = "st-" + Guid.NewGuid().ToString("N")[..12];
        Admin($"CREATE ROLE {StoreRole} LOGIN PASSWORD '{StorePassword}';");
    }

    /// <summary>Kills the server and every backend (as a crash would), and brings it back on the same
    /// port after <paramref name="downFor"/>: its data comes back through crash recovery.</summary>
    public void Crash(TimeSpan downFor)
    {
        Stop();
        Thread.Sleep(downFor);
        Start("runuser", _arguments);
    }

    /// <summary>The password of <see cref="StoreRole"/>.</summary>
    public string StorePassword { get; }

    /// <summary>A connection string for <paramref name="database"/> as the store role, without its password.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Database = database, Username = StoreRole }.ConnectionString;

    /// <summary>A connection string for <paramref name="database"/> as the store role, with its password.</summary>
    public string ConnectionStringWithPassword(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString(database)) { Password = StorePassword }.ConnectionString;

    /// <summary>A password file (PGPASSFILE, as libpq and Npgsql read it) with the store role's password for this server.</summary>
    public string WritePassFile(string path)
    {
        File.WriteAllText(path, $"127.0.0.1:{Port}:*:{StoreRole}:{StorePassword}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    /// <summary>Makes an empty database owned by the store role; its name.</summary>
    public string CreateDatabase()
    {
        var name = "store_" + Guid.NewGuid().ToString("N")[..12];
        Admin($"CREATE DATABASE {name} OWNER {StoreRole};");
        return name;
    }

    /// <summary>Runs SQL as the cluster's superuser, in <paramref name="database"/>.</summary>
    public void Admin(string sql, string database = "postgres")
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Database = database, Username = User, Password = Password, Pooling = false };
        using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Runs SQL as the store role in <paramref name="database"/> and returns the first column of the first row.</summary>
    public object? Query(string database, string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionStringWithPassword(database)) { Pooling = false };
        using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    // Debian keeps the server's programs under /usr/lib/postgresql/<major>/bin, out of PATH.
    private static string Binary(string name) =>
        Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
            .Select(d => Path.Combine(d, "bin", name)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"PostgreSQL's {name} is not installed (Debian's postgresql package).");
}
