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
        var secret = await store.GetConnectionSecretAsync(connection, cancellationToken).ConfigureAwait(false);
        return await SftpLocation.OpenAsync(connection, secret, directory, cancellationToken).ConfigureAwait(false);
    }
}
