using ConnectJobs.Jobs;
using System.Text.Json;
using ConnectJobs.Connections;
using ConnectJobs.Data;
using System.Data.Common;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

public abstract partial class SqlStore
{
    public Task<IReadOnlyList<Connection>> GetConnectionsAsync(CancellationToken cancellationToken) =>
        ControlHalf.ReadAsync(c => LoadConnectionsAsync(c, null, null, cancellationToken), cancellationToken);

    public async Task<Connection?> FindConnectionAsync(string name, CancellationToken cancellationToken) =>
        (await ControlHalf.ReadAsync(c => LoadConnectionsAsync(c, null, name, cancellationToken), cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>Saves a connection; <paramref name="secret"/> (password or key passphrase) is stored encrypted.</summary>
    public Task<Connection> CreateConnectionAsync(Connection connection, string? secret, CancellationToken cancellationToken)
    {
        var name = ColumnRules.NormalizeTargetName(connection.Name);
        return ControlHalf.WriteAsync(
            async (c, t) =>
            {
                if (await ScalarAsync(c, t, "SELECT count(*) FROM connection WHERE name = $name;", cancellationToken, ("$name", name)).ConfigureAwait(false) > 0)
                {
                    throw ConnectException.Create(ErrorIds.ConnectionExists, ErrorKind.AlreadyExists, name, Messages.ConnectionExists, name);
                }

                var now = Now();
                await using (var insert = Command(c, t,
                    "INSERT INTO connection (name, protocol, host, port, base_directory, \"user\", authentication, private_key_file, secret, host_keys, timeout_seconds, retry_count, retry_delay_ms, upload_directly, description, created, modified) " +
                    "VALUES ($name, $protocol, $host, $port, $base, $user, $auth, $key, $secret, $hostKeys, $timeout, $retries, $retryDelay, $direct, $description, $now, $now);",
                    [.. Parameters(connection with { Name = name }), ("$secret", secret is null ? null : SecretProtector.Protect(secret)), ("$now", now)]))
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return (await LoadConnectionsAsync(c, t, name, cancellationToken).ConfigureAwait(false))[0];
            },
            cancellationToken);
    }

    /// <summary>Replaces a connection's settings (its name too); <paramref name="secret"/> null keeps the stored one.</summary>
    public Task<Connection> UpdateConnectionAsync(Connection connection, string? secret, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) =>
            {
                var name = ColumnRules.NormalizeTargetName(connection.Name);
                if (await ScalarAsync(c, t, "SELECT count(*) FROM connection WHERE name = $name AND id <> $id;", cancellationToken, ("$name", name), ("$id", connection.Id)).ConfigureAwait(false) > 0)
                {
                    throw ConnectException.Create(ErrorIds.ConnectionExists, ErrorKind.AlreadyExists, name, Messages.ConnectionExists, name);
                }

                await using (var update = Command(c, t,
                    "UPDATE connection SET name = $name, protocol = $protocol, host = $host, port = $port, base_directory = $base, \"user\" = $user, authentication = $auth, private_key_file = $key, " +
                    "secret = coalesce($secret, secret), host_keys = $hostKeys, timeout_seconds = $timeout, retry_count = $retries, retry_delay_ms = $retryDelay, upload_directly = $direct, description = $description, modified = $now WHERE id = $id;",
                    [.. Parameters(connection with { Name = name }), ("$secret", secret is null ? null : SecretProtector.Protect(secret)), ("$now", Now()), ("$id", connection.Id)]))
                {
                    await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return (await LoadConnectionsAsync(c, t, name, cancellationToken).ConfigureAwait(false))[0];
            },
            cancellationToken);

    public Task RemoveConnectionAsync(Connection connection, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) =>
            {
                await using var delete = Command(c, t, "DELETE FROM connection WHERE id = $id;", ("$id", connection.Id));
                return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>The connection's password, key passphrase or stored key, decrypted, or null when it has none.</summary>
    public Task<string?> GetConnectionSecretAsync(Connection connection, CancellationToken cancellationToken) =>
        ReadSecretAsync("SELECT secret FROM connection WHERE id = $id;", connection.Id, cancellationToken);

    /// <summary>Keeps the job's secret (an import job's decryption key passphrase) encrypted; null removes it.</summary>
    public Task SetJobSecretAsync(ConnectJob job, string? secret, CancellationToken cancellationToken) =>
        ControlHalf.WriteAsync(
            async (c, t) =>
            {
                await using var update = Command(c, t, "UPDATE job SET secret = $secret WHERE id = $id;", ("$secret", secret is null ? null : SecretProtector.Protect(secret)), ("$id", job.Id));
                return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? 0 : throw StoreErrors.JobNotFound(job.Name);
            },
            cancellationToken);

    /// <summary>The job's secret, decrypted, or null when it has none.</summary>
    public Task<string?> GetJobSecretAsync(ConnectJob job, CancellationToken cancellationToken) =>
        ReadSecretAsync("SELECT secret FROM job WHERE id = $id;", job.Id, cancellationToken);

    private async Task<string?> ReadSecretAsync(string sql, long id, CancellationToken cancellationToken)
    {
        var stored = await ControlHalf.ReadAsync(
            async c =>
            {
                await using var query = Command(c, null, sql, ("$id", id));
                return await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
            },
            cancellationToken).ConfigureAwait(false);
        return stored is null ? null : SecretProtector.Unprotect(stored);
    }


    private static (string, object?)[] Parameters(Connection connection) =>
    [
        ("$name", connection.Name), ("$protocol", connection.Protocol.ToString()), ("$host", connection.Host), ("$port", connection.Port), ("$base", connection.BaseDirectory),
        ("$user", connection.User), ("$auth", connection.Authentication.ToString()), ("$key", connection.PrivateKeyFile), ("$hostKeys", JsonSerializer.Serialize(connection.HostKeyFingerprints)),
        ("$timeout", (long)connection.Timeout.TotalSeconds), ("$retries", connection.RetryCount), ("$retryDelay", (long)connection.RetryDelay.TotalMilliseconds), ("$direct", connection.UploadDirectly), ("$description", connection.Description),
    ];

    private static async Task<IReadOnlyList<Connection>> LoadConnectionsAsync(DbConnection c, DbTransaction? t, string? name, CancellationToken cancellationToken)
    {
        await using var query = Command(c, t,
            "SELECT id, name, protocol, host, port, base_directory, \"user\", authentication, private_key_file, secret IS NOT NULL, host_keys, timeout_seconds, description, created, modified, retry_count, retry_delay_ms, upload_directly " +
            "FROM connection WHERE name = $name OR $name IS NULL ORDER BY name;", ("$name", name));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var connections = new List<Connection>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            connections.Add(new Connection
            {
                Id = reader.GetInt64(0),
                Name = reader.GetString(1),
                Protocol = Enum.Parse<ConnectionProtocol>(reader.GetString(2)),
                Host = reader.GetString(3),
                Port = reader.GetInt32(4),
                BaseDirectory = reader.GetString(5),
                User = reader.GetString(6),
                Authentication = Enum.Parse<ConnectionAuthentication>(reader.GetString(7)),
                PrivateKeyFile = reader.IsDBNull(8) ? null : reader.GetString(8),
                HasSecret = reader.GetBoolean(9),
                HostKeyFingerprints = JsonSerializer.Deserialize<string[]>(reader.GetString(10)) ?? [],
                Timeout = TimeSpan.FromSeconds(reader.GetInt64(11)),
                Description = reader.IsDBNull(12) ? null : reader.GetString(12),
                Created = ValueConverter.ParseTimestamp(reader.GetString(13)),
                Modified = ValueConverter.ParseTimestamp(reader.GetString(14)),
                RetryCount = reader.GetInt32(15),
                RetryDelay = TimeSpan.FromMilliseconds(reader.GetInt64(16)),
                UploadDirectly = reader.GetBoolean(17),
            });
        }

        return connections;
    }
}
