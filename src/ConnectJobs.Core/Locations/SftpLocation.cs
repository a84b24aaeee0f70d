using System.Globalization;
using System.Net.Sockets;
using ConnectJobs.Connections;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace ConnectJobs.Locations;

/// <summary>A directory on an SFTP server (SSH.NET). The server's host key must be one the connection
/// pins: SSH.NET would accept any key, so the check is ours, and a key that is not pinned is refused
/// with its fingerprint and the command that approves it.</summary>
public sealed class SftpLocation : RemoteLocation
{
    private readonly SftpClient _client;

    private SftpLocation(SftpClient client, Connection connection, string directory, string offeredHostKey)
        : base(connection, directory, offeredHostKey) => _client = client;

    /// <summary>Connects and logs in, trusting only the pinned host keys.</summary>
    public static async Task<SftpLocation> OpenAsync(Connection connection, string? secret, string directory, CancellationToken cancellationToken)
    {
        var remote = RemotePath(connection.BaseDirectory, directory);
        AuthenticationMethod authentication = connection.Authentication switch
        {
            ConnectionAuthentication.PrivateKey => new PrivateKeyAuthenticationMethod(connection.User, ReadKey(connection, secret)),
            ConnectionAuthentication.StoredKey => new PrivateKeyAuthenticationMethod(connection.User, new PrivateKeyFile(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(secret ?? "")))),
            _ => new PasswordAuthenticationMethod(connection.User, secret ?? ""),
        };
        var info = new ConnectionInfo(connection.Host, connection.Port, connection.User, authentication) { Timeout = connection.Timeout };
        PreferAesGcm(info);
        var client = new SftpClient(info)
        {
            // Larger requests, fewer round trips: what lets a download keep up with OpenSSH (OpenSSH's
            // server takes reads and writes of up to 255 KiB).
            BufferSize = 252 * 1024,

            // Every request waits this long for its answer at most: a server that stops answering
            // fails the operation (and is retried) instead of holding the run.
            OperationTimeout = connection.Timeout,
        };
        string? offered = null;
        client.HostKeyReceived += (_, e) =>
        {
            offered = "SHA256:" + e.FingerPrintSHA256;
            e.CanTrust = connection.HostKeyFingerprints.Contains(offered, StringComparer.Ordinal);
        };
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return new SftpLocation(client, connection, remote, offered!);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            client.Dispose();
            throw Refused(connection, offered, e, e is SshAuthenticationException);
        }
    }

    public override void Dispose() => _client.Dispose();

    /// <summary>Why a connection could not be made: an unpinned key or certificate, a refused login, or an unreachable server.</summary>
    internal static ConnectException Refused(Connection connection, string? offered, Exception e, bool login)
    {
        if (offered is not null && !connection.HostKeyFingerprints.Contains(offered, StringComparer.Ordinal))
        {
            var certificate = connection.Protocol is ConnectionProtocol.Ftps or ConnectionProtocol.FtpsImplicit;
            var message = (certificate, connection.HostKeyFingerprints.Count == 0) switch
            {
                (false, true) => Messages.HostKeyNotPinned,
                (false, false) => Messages.HostKeyChanged,
                (true, true) => Messages.CertificateNotPinned,
                (true, false) => Messages.CertificateChanged,
            };
            return new ConnectException(ErrorIds.HostKeyNotTrusted, ErrorKind.PermissionDenied, offered,
                string.Format(CultureInfo.CurrentCulture, message, connection.Name, connection.Host, offered, certificate ? OpensslFingerprint(offered) : null, connection.Port), e);
        }

        return login
            ? new ConnectException(ErrorIds.AuthenticationFailed, ErrorKind.PermissionDenied, connection.Name,
                string.Format(CultureInfo.CurrentCulture, Messages.AuthenticationFailed, connection.Name, connection.User, connection.Host, e.Message), e)
            : new ConnectException(ErrorIds.ConnectionFailed, ErrorKind.ResourceUnavailable, connection.Name,
                string.Format(CultureInfo.CurrentCulture, Messages.ConnectionFailed, connection.Name, connection.Host, connection.Port, e.Message), e);
    }

    /// <summary>A certificate's 'SHA256:base64' pin as 'openssl x509 -noout -fingerprint -sha256' prints it (hex pairs and colons).</summary>
    private static string OpensslFingerprint(string pin)
    {
        var base64 = pin["SHA256:".Length..];
        return string.Join(':', Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')).Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
    }

    protected override async Task<List<LocationFile>> ListFilesAsync(CancellationToken cancellationToken)
    {
        var files = new List<LocationFile>();
        await foreach (var file in _client.ListDirectoryAsync(Directory, cancellationToken).ConfigureAwait(false))
        {
            if (file.IsRegularFile)
            {
                files.Add(new LocationFile(file.Name, file.Length, file.LastWriteTimeUtc));
            }
        }

        return files;
    }

    protected override async Task<LocationFile?> StatAsync(string path, string name, CancellationToken cancellationToken)
    {
        if (!await _client.ExistsAsync(path, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var attributes = await _client.GetAttributesAsync(path, cancellationToken).ConfigureAwait(false);
        return new LocationFile(name, attributes.Size, attributes.LastWriteTimeUtc);
    }

    protected override async Task DownloadAsync(string path, Stream output, long offset, CancellationToken cancellationToken)
    {
        if (offset == 0)
        {
            await _client.DownloadFileAsync(path, output, cancellationToken).ConfigureAwait(false);
            return;
        }

        await using var input = await _client.OpenAsync(path, FileMode.Open, FileAccess.Read, cancellationToken).ConfigureAwait(false);
        input.Seek(offset, SeekOrigin.Begin);
        await input.CopyToAsync(output, 1 << 20, cancellationToken).ConfigureAwait(false);
    }

    // SSH.NET pipelines an upload that reads from a stream (not writes to a remote file stream).
    protected override Task UploadAsync(string path, Stream input, CancellationToken cancellationToken) =>
        _client.UploadFileAsync(input, path, cancellationToken);

    /// <summary>OpenSSH's posix-rename replaces a file of the new name atomically; without it the old one goes first.</summary>
    protected override async Task RenameAsync(string from, string to, CancellationToken cancellationToken)
    {
        try
        {
            _client.RenameFile(from, to, isPosix: true);
        }
        catch (SshException)
        {
            if (await _client.ExistsAsync(to, cancellationToken).ConfigureAwait(false))
            {
                await _client.DeleteFileAsync(to, cancellationToken).ConfigureAwait(false);
            }

            await _client.RenameFileAsync(from, to, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override Task DeleteFileAsync(string path, CancellationToken cancellationToken) => _client.DeleteFileAsync(path, cancellationToken);

    protected override async Task MakeDirectoryAsync(string path, CancellationToken cancellationToken)
    {
        if (!await _client.ExistsAsync(path, cancellationToken).ConfigureAwait(false))
        {
            await _client.CreateDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ReconnectAsync()
    {
        _client.Disconnect();
        await _client.ConnectAsync(CancellationToken.None).ConfigureAwait(false);
    }

    protected override bool IsTransient(Exception e) => e is SshConnectionException or SshOperationTimeoutException or SocketException or ObjectDisposedException;

    protected override bool IsNotFound(Exception e) => e is SftpPathNotFoundException;

    /// <summary>Offers AES-GCM first: .NET runs it in hardware, several times faster than SSH.NET's own
    /// ChaCha20-Poly1305, which OpenSSH would otherwise pick (bench/sftp.sh measures both).</summary>
    private static void PreferAesGcm(ConnectionInfo info)
    {
        var ciphers = info.Encryptions.ToList();
        info.Encryptions.Clear();
        foreach (var (name, cipher) in ciphers.OrderBy(c => c.Key.Contains("-gcm@openssh.com", StringComparison.Ordinal) ? 0 : 1))
        {
            info.Encryptions.Add(name, cipher);
        }
    }

    private static PrivateKeyFile ReadKey(Connection connection, string? passphrase)
    {
        try
        {
            return new PrivateKeyFile(connection.PrivateKeyFile!, passphrase);
        }
        catch (Exception e) when (e is SshException or IOException or ArgumentException or InvalidOperationException)
        {
            throw new ConnectException(ErrorIds.PrivateKeyUnusable, ErrorKind.InvalidArgument, connection.PrivateKeyFile,
                string.Format(CultureInfo.CurrentCulture, Messages.PrivateKeyUnusable, connection.PrivateKeyFile, e.Message), e);
        }
    }
}
