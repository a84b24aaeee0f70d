using System.Globalization;
using System.IO.Enumeration;
using System.Net.Sockets;
using ConnectJobs.Connections;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace ConnectJobs.Locations;

/// <summary>A directory on an SFTP server (SSH.NET). The server's host key must be one the connection
/// pins: SSH.NET would accept any key, so the check is ours, and a key that is not pinned is refused
/// with its fingerprint and the command that approves it.</summary>
public sealed class SftpLocation : ILocation
{
    private readonly SftpClient _client;
    private readonly Connection _connection;

    private SftpLocation(SftpClient client, Connection connection, string directory, string offeredHostKey)
    {
        _client = client;
        _connection = connection;
        Directory = directory;
        HostKeyFingerprint = offeredHostKey;
    }

    /// <summary>The remote directory, as the server names it.</summary>
    public string Directory { get; }

    /// <summary>The fingerprint of the host key the server offered ('SHA256:…').</summary>
    public string HostKeyFingerprint { get; }

    public string Description => $"sftp://{_connection.User}@{_connection.Host}:{_connection.Port}{(Directory.StartsWith('/') ? "" : "/")}{Directory}";

    /// <summary>Connects and logs in, trusting only the pinned host keys.</summary>
    public static async Task<SftpLocation> OpenAsync(Connection connection, string? secret, string directory, CancellationToken cancellationToken)
    {
        var remote = RemotePath(connection.BaseDirectory, directory);
        AuthenticationMethod authentication = connection.Authentication == ConnectionAuthentication.PrivateKey
            ? new PrivateKeyAuthenticationMethod(connection.User, ReadKey(connection, secret))
            : new PasswordAuthenticationMethod(connection.User, secret ?? "");
        var info = new ConnectionInfo(connection.Host, connection.Port, connection.User, authentication) { Timeout = connection.Timeout };
        PreferAesGcm(info);
        var client = new SftpClient(info)
        {
            // Larger requests, fewer round trips: what lets a download keep up with OpenSSH (OpenSSH's
            // server takes reads and writes of up to 255 KiB).
            BufferSize = 1 << 17,
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
            if (offered is not null && !connection.HostKeyFingerprints.Contains(offered, StringComparer.Ordinal))
            {
                throw new ConnectException("HostKeyNotTrusted", ErrorKind.PermissionDenied, offered,
                    string.Format(CultureInfo.CurrentCulture, connection.HostKeyFingerprints.Count == 0 ? Messages.HostKeyNotPinned : Messages.HostKeyChanged, connection.Name, connection.Host, offered), e);
            }

            throw e switch
            {
                SshAuthenticationException => new ConnectException("AuthenticationFailed", ErrorKind.PermissionDenied, connection.Name,
                    string.Format(CultureInfo.CurrentCulture, Messages.AuthenticationFailed, connection.Name, connection.User, connection.Host, e.Message), e),
                _ => new ConnectException("ConnectionFailed", ErrorKind.ResourceUnavailable, connection.Name,
                    string.Format(CultureInfo.CurrentCulture, Messages.ConnectionFailed, connection.Name, connection.Host, connection.Port, e.Message), e),
            };
        }
    }

    public async Task<IReadOnlyList<LocationFile>> ListAsync(string pattern, CancellationToken cancellationToken)
    {
        var files = new List<LocationFile>();
        await Remote(async () =>
        {
            await foreach (var file in _client.ListDirectoryAsync(Directory, cancellationToken).ConfigureAwait(false))
            {
                if (file.IsRegularFile && FileSystemName.MatchesSimpleExpression(pattern, file.Name, ignoreCase: false))
                {
                    files.Add(new LocationFile(file.Name, file.Length, file.LastWriteTimeUtc));
                }
            }

            return 0;
        }).ConfigureAwait(false);
        return files.OrderBy(f => f.LastWriteUtc).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<FetchedFile> FetchAsync(LocationFile file, CancellationToken cancellationToken)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("connectjobs-fetch-").FullName;
        var local = Path.Combine(folder, file.Name);
        try
        {
            await using (var output = File.Create(local))
            {
                await Remote(async () =>
                {
                    // After a broken connection, go on from the byte the copy has.
                    if (output.Length == 0)
                    {
                        await _client.DownloadFileAsync(PathOf(file.Name), output, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await using var input = await _client.OpenAsync(PathOf(file.Name), FileMode.Open, FileAccess.Read, cancellationToken).ConfigureAwait(false);
                        input.Seek(output.Length, SeekOrigin.Begin);
                        await input.CopyToAsync(output, 1 << 20, cancellationToken).ConfigureAwait(false);
                    }

                    return 0;
                }).ConfigureAwait(false);
            }

            return new FetchedFile(local, temporary: true);
        }
        catch
        {
            System.IO.Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public Task<LocationFile?> FindAsync(string name, CancellationToken cancellationToken) =>
        Remote(async () =>
        {
            var path = PathOf(name);
            if (!await _client.ExistsAsync(path, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var attributes = await _client.GetAttributesAsync(path, cancellationToken).ConfigureAwait(false);
            return (LocationFile?)new LocationFile(name, attributes.Size, attributes.LastWriteTimeUtc);
        });

    public Task<string> MoveAsync(LocationFile file, string folder, CancellationToken cancellationToken) =>
        Remote(async () =>
        {
            var target = await FolderAsync(folder, cancellationToken).ConfigureAwait(false);
            var destination = $"{target}/{file.Name}";
            for (var n = 1; await _client.ExistsAsync(destination, cancellationToken).ConfigureAwait(false); n++)
            {
                destination = string.Create(CultureInfo.InvariantCulture, $"{target}/{Path.GetFileNameWithoutExtension(file.Name)}.{n}{Path.GetExtension(file.Name)}");
            }

            await _client.RenameFileAsync(PathOf(file.Name), destination, cancellationToken).ConfigureAwait(false);
            return destination;
        });

    public Task WriteTextAsync(string folder, string name, string text, CancellationToken cancellationToken) =>
        Remote(async () =>
        {
            var target = await FolderAsync(folder, cancellationToken).ConfigureAwait(false);
            await using var stream = await _client.OpenAsync($"{target}/{CheckName(name)}", FileMode.Create, FileAccess.Write, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
            return 0;
        });

    public Task<IOutboundFile> CreateAsync(string name, CancellationToken cancellationToken) =>
        Remote(async () =>
        {
            var final = PathOf(name);
            var partial = _connection.UploadDirectly ? final : PathOf($".{name}.partial");
            var pipe = new BlockPipe();
            pipe.ReadBy(_client.UploadFileAsync(pipe.Reader, partial, cancellationToken));
            return (IOutboundFile)new OutboundFile(this, pipe, partial, final, name);
        });

    public Task DeleteAsync(LocationFile file, CancellationToken cancellationToken) =>
        Remote(async () =>
        {
            await _client.DeleteFileAsync(PathOf(file.Name), cancellationToken).ConfigureAwait(false);
            return 0;
        });

    public void Dispose() => _client.Dispose();

    /// <summary>A directory under the base directory; '' is the base (or login) directory itself. An
    /// absolute directory must lie under the base directory (any, when there is none).</summary>
    private static string RemotePath(string baseDirectory, string directory)
    {
        foreach (var part in directory.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            CheckName(part);
        }

        var root = baseDirectory.TrimEnd('/');
        if (directory.StartsWith('/'))
        {
            return root.Length == 0 || directory == root || directory.StartsWith(root + "/", StringComparison.Ordinal)
                ? directory.TrimEnd('/')
                : throw ConnectException.Create("UnsafeRemoteName", ErrorKind.InvalidArgument, directory, Messages.RemoteOutsideBase, directory, baseDirectory);
        }

        var joined = string.Join('/', new[] { root, directory.Trim('/') }.Where(p => p.Length > 0));
        return joined.Length == 0 ? "." : joined;
    }

    /// <summary>A remote name must stay where it is put: no '/', no '..', no control characters.</summary>
    private static string CheckName(string name) =>
        name.Length == 0 || name is "." or ".." || name.Contains('/') || name.Any(char.IsControl)
            ? throw ConnectException.Create("UnsafeRemoteName", ErrorKind.InvalidArgument, name, Messages.UnsafeRemoteName, name)
            : name;

    private string PathOf(string name) => $"{Directory}/{CheckName(name)}";

    private async Task<string> FolderAsync(string folder, CancellationToken cancellationToken)
    {
        var path = PathOf(folder);
        if (!await _client.ExistsAsync(path, cancellationToken).ConfigureAwait(false))
        {
            await _client.CreateDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
        }

        return path;
    }

    /// <summary>Runs a remote operation and says what failed, where, in the engine's terms.</summary>
    /// <summary>Runs a remote operation, again after a transient fault (connection reset, timeout)
    /// with a fresh connection, as often and as long apart as the connection says (the delay doubling
    /// each time), and says what failed, where, in the engine's terms.</summary>
    private async Task<T> Remote<T>(Func<Task<T>> operation)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await Once(operation).ConfigureAwait(false);
            }
            catch (ConnectException e) when (attempt < _connection.RetryCount && e.InnerException is SshConnectionException or SshOperationTimeoutException or SocketException or ObjectDisposedException)
            {
                await Task.Delay(_connection.RetryDelay * Math.Pow(2, attempt)).ConfigureAwait(false);
                try
                {
                    _client.Disconnect();
                    await _client.ConnectAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception reconnect) when (reconnect is SshException or SocketException or InvalidOperationException)
                {
                    // Still down: the next attempt fails the same way, or the last one reports it.
                }
            }
        }
    }

    private async Task<T> Once<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (SftpPathNotFoundException e)
        {
            throw new ConnectException("LocationNotFound", ErrorKind.ResourceUnavailable, Description, string.Format(CultureInfo.CurrentCulture, Messages.RemoteNotFound, Description, e.Message), e);
        }
        catch (Exception e) when (e is SshException or SocketException or IOException or ObjectDisposedException && e is not ConnectException)
        {
            throw new ConnectException("RemoteOperationFailed", ErrorKind.ResourceUnavailable, Description, string.Format(CultureInfo.CurrentCulture, Messages.RemoteOperationFailed, Description, e.Message), e);
        }
    }

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
            throw new ConnectException("PrivateKeyUnusable", ErrorKind.InvalidArgument, connection.PrivateKeyFile,
                string.Format(CultureInfo.CurrentCulture, Messages.PrivateKeyUnusable, connection.PrivateKeyFile, e.Message), e);
        }
    }

    /// <summary>An upload under a temporary name, renamed when complete. A server with OpenSSH's
    /// posix-rename replaces an older file of that name atomically; otherwise it is removed first.</summary>
    private sealed class OutboundFile(SftpLocation location, BlockPipe pipe, string partial, string final, string name) : IOutboundFile
    {
        private bool _committed;

        public Stream Stream => pipe.Writer;

        public async Task<LocationFile> CommitAsync(CancellationToken cancellationToken) =>
            await location.Remote(async () =>
            {
                pipe.Complete();
                await pipe.ReaderDone.ConfigureAwait(false);
                if (partial != final)
                {
                    await RenameAsync(cancellationToken).ConfigureAwait(false);
                }

                _committed = true;
                var attributes = await location._client.GetAttributesAsync(final, cancellationToken).ConfigureAwait(false);
                return new LocationFile(name, attributes.Size, attributes.LastWriteTimeUtc);
            }).ConfigureAwait(false);

        private async Task RenameAsync(CancellationToken cancellationToken)
        {
            try
            {
                location._client.RenameFile(partial, final, isPosix: true);
            }
            catch (SshException)
            {
                if (await location._client.ExistsAsync(final, cancellationToken).ConfigureAwait(false))
                {
                    await location._client.DeleteFileAsync(final, cancellationToken).ConfigureAwait(false);
                }

                await location._client.RenameFileAsync(partial, final, cancellationToken).ConfigureAwait(false);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_committed)
            {
                return;
            }

            try
            {
                pipe.Complete();
                await pipe.ReaderDone.ConfigureAwait(false);
            }
            catch (Exception e) when (e is SshException or SocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                // The upload failed already (the server went away): that error is the one to report.
            }

            try
            {
                await location._client.DeleteFileAsync(partial, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SshException or SocketException or IOException or ObjectDisposedException)
            {
                // The upload failed already (the server went away): that error is the one to report.
            }
        }
    }
}
