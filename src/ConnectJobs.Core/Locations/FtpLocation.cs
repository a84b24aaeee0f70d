using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConnectJobs.Connections;

namespace ConnectJobs.Locations;

/// <summary>A directory on an FTP or FTPS server, through <see cref="FtpClient"/>. An FTPS server's
/// certificate must be one the connection pins (its SHA-256 fingerprint), as SFTP host keys are.</summary>
public sealed class FtpLocation : RemoteLocation
{
    private readonly string? _secret;
    private FtpClient _client;

    private FtpLocation(FtpClient client, Connection connection, string? secret, string directory, string fingerprint)
        : base(connection, directory, fingerprint)
    {
        _client = client;
        _secret = secret;
    }

    public static async Task<FtpLocation> OpenAsync(Connection connection, string? secret, string directory, CancellationToken cancellationToken)
    {
        var remote = RemotePath(connection.BaseDirectory, directory);
        var (client, offered) = await ConnectAsync(connection, secret, cancellationToken).ConfigureAwait(false);
        return new FtpLocation(client, connection, secret, remote, offered ?? "");
    }

    public override void Dispose() => _client.Dispose();

    protected override Task<List<LocationFile>> ListFilesAsync(CancellationToken cancellationToken) => _client.ListAsync(Directory, cancellationToken);

    protected override Task<LocationFile?> StatAsync(string path, string name, CancellationToken cancellationToken) => _client.StatAsync(path, name, cancellationToken);

    protected override Task DownloadAsync(string path, Stream output, long offset, CancellationToken cancellationToken) => _client.DownloadAsync(path, output, offset, cancellationToken);

    protected override Task UploadAsync(string path, Stream input, CancellationToken cancellationToken) => _client.UploadAsync(path, input, cancellationToken);

    // The server renames with rename(2): a file of the new name is replaced.
    protected override Task RenameAsync(string from, string to, CancellationToken cancellationToken) => _client.RenameAsync(from, to, cancellationToken);

    protected override Task DeleteFileAsync(string path, CancellationToken cancellationToken) => _client.DeleteAsync(path, cancellationToken);

    protected override Task MakeDirectoryAsync(string path, CancellationToken cancellationToken) => _client.MakeDirectoryAsync(path, cancellationToken);

    protected override async Task ReconnectAsync()
    {
        _client.Dispose();
        (_client, _) = await ConnectAsync(Connection, _secret, CancellationToken.None).ConfigureAwait(false);
    }

    protected override bool IsTransient(Exception e) => e is SocketException or ObjectDisposedException or (IOException and not FtpException) or FtpException { Code: 421 or 425 or 426 };

    protected override bool IsNotFound(Exception e) => e is FtpException { Code: 550 };

    private static async Task<(FtpClient Client, string? Offered)> ConnectAsync(Connection connection, string? secret, CancellationToken cancellationToken)
    {
        string? offered = null;
        bool Trust(X509Certificate certificate)
        {
            offered = "SHA256:" + Convert.ToBase64String(SHA256.HashData(certificate.GetRawCertData())).TrimEnd('=');
            return connection.HostKeyFingerprints.Contains(offered, StringComparer.Ordinal);
        }

        try
        {
            var client = await FtpClient.ConnectAsync(connection.Host, connection.Port, connection.Protocol == ConnectionProtocol.Ftps, connection.Protocol == ConnectionProtocol.FtpsImplicit,
                connection.User, secret ?? "", Trust, connection.Timeout, cancellationToken).ConfigureAwait(false);
            return (client, offered);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw SftpLocation.Refused(connection, offered, e, e is FtpException { Code: 530 });
        }
    }
}
