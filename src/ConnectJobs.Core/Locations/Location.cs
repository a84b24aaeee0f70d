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

        var connection = await store.FindConnectionAsync(connectionName, cancellationToken).ConfigureAwait(false) ?? throw StoreErrors.ConnectionNotFound(connectionName);
        return await OpenAsync(connection, await store.GetConnectionSecretAsync(connection, cancellationToken).ConfigureAwait(false), directory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Connects to the connection's server and logs in, by its protocol; a local connection is
    /// a folder under its base directory.</summary>
    public static async Task<ILocation> OpenAsync(Connections.Connection connection, string? secret, string directory, CancellationToken cancellationToken) => connection.Protocol switch
    {
        Connections.ConnectionProtocol.Local => new LocalFolder(Under(connection.BaseDirectory, directory)),
        Connections.ConnectionProtocol.Sftp => await SftpLocation.OpenAsync(connection, secret, directory, cancellationToken).ConfigureAwait(false),
        Connections.ConnectionProtocol.Smtp => throw ConnectException.Create(ErrorIds.ConnectionNotForFiles, ErrorKind.InvalidArgument, connection.Name, Messages.ConnectionNotForFiles, connection.Name),
        _ => await FtpLocation.OpenAsync(connection, secret, directory, cancellationToken).ConfigureAwait(false),
    };

    /// <summary>A directory that stays under the base directory.</summary>
    private static string Under(string baseDirectory, string directory)
    {
        var root = Path.GetFullPath(baseDirectory);
        var path = Path.GetFullPath(Path.Combine(root, directory));
        return path == root || path.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw ConnectException.Create(ErrorIds.UnsafeRemoteName, ErrorKind.InvalidArgument, directory, Messages.RemoteOutsideBase, directory, baseDirectory);
    }
}
