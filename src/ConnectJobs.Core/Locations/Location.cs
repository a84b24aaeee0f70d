using ConnectJobs.Store;

namespace ConnectJobs.Locations;

/// <summary>Opens the location a job names: a local folder, or a directory on a connection.</summary>
public static class Location
{
    public static async Task<ILocation> OpenAsync(IConnectStore store, string? connectionName, string directory, CancellationToken cancellationToken)
    {
        if (connectionName is null)
        {
            return new LocalFolder(directory);
        }

        var connection = await store.FindConnectionAsync(connectionName, cancellationToken).ConfigureAwait(false) ?? throw SqliteStore.ConnectionNotFound(connectionName);
        return await OpenAsync(connection, await store.GetConnectionSecretAsync(connection, cancellationToken).ConfigureAwait(false), directory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Connects to the connection's server and logs in, by its protocol.</summary>
    public static async Task<RemoteLocation> OpenAsync(Connections.Connection connection, string? secret, string directory, CancellationToken cancellationToken) =>
        connection.Protocol == Connections.ConnectionProtocol.Sftp
            ? await SftpLocation.OpenAsync(connection, secret, directory, cancellationToken).ConfigureAwait(false)
            : await FtpLocation.OpenAsync(connection, secret, directory, cancellationToken).ConfigureAwait(false);
}
