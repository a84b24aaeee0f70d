namespace ConnectJobs.Store;

/// <summary>Connections to servers and their encrypted secrets.</summary>
public interface IConnectionStore
{
    Task<IReadOnlyList<Connections.Connection>> GetConnectionsAsync(CancellationToken cancellationToken);

    /// <summary>The connection of that name (any case), or null.</summary>
    Task<Connections.Connection?> FindConnectionAsync(string name, CancellationToken cancellationToken);

    /// <summary>Saves a connection; its secret (password or key passphrase) is stored encrypted.</summary>
    Task<Connections.Connection> CreateConnectionAsync(Connections.Connection connection, string? secret, CancellationToken cancellationToken);

    /// <summary>Replaces a connection's settings; a null secret keeps the stored one.</summary>
    Task<Connections.Connection> UpdateConnectionAsync(Connections.Connection connection, string? secret, CancellationToken cancellationToken);

    Task RemoveConnectionAsync(Connections.Connection connection, CancellationToken cancellationToken);

    /// <summary>The connection's secret, decrypted, for the moment it is used.</summary>
    Task<string?> GetConnectionSecretAsync(Connections.Connection connection, CancellationToken cancellationToken);
}
