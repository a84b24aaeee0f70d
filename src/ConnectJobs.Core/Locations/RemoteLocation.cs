using System.Globalization;
using System.IO.Enumeration;
using ConnectJobs.Connections;

namespace ConnectJobs.Locations;

/// <summary>What every server location does the same way, whatever the protocol: remote names that
/// cannot escape the directory, downloads to a temporary copy that go on from the byte they had after
/// a broken connection, uploads under a temporary name renamed when complete, archive and failed
/// folders made on the server, and transient faults retried with a fresh connection. A protocol
/// supplies the primitives.</summary>
public abstract class RemoteLocation : ILocation
{
    protected RemoteLocation(Connection connection, string directory, string fingerprint)
    {
        Connection = connection;
        Directory = directory;
        Fingerprint = fingerprint;
    }

    /// <summary>The remote directory, as the server names it.</summary>
    public string Directory { get; }

    /// <summary>The fingerprint the server offered ('SHA256:…'): its SSH host key, or its TLS certificate.</summary>
    public string Fingerprint { get; }

    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"{Connection.Protocol.ToString().ToLowerInvariant()}://{Connection.User}@{Connection.Host}:{Connection.Port}{(Directory.StartsWith('/') ? "" : "/")}{Directory}");

    protected Connection Connection { get; }

    public async Task<IReadOnlyList<LocationFile>> ListAsync(string pattern, CancellationToken cancellationToken)
    {
        var files = await Remote(() => ListFilesAsync(cancellationToken)).ConfigureAwait(false);
        return files.Where(f => FileSystemName.MatchesSimpleExpression(pattern, f.Name, ignoreCase: false))
            .OrderBy(f => f.LastWriteUtc).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<FetchedFile> FetchAsync(LocationFile file, CancellationToken cancellationToken)
    {
        // The name comes from the server: it is checked before any local path is made from it, and
        // the local path must still lie in the new folder (a hostile listing must not name a file
        // anywhere else on this machine).
        var remote = PathOf(file.Name);
        var folder = System.IO.Directory.CreateTempSubdirectory("connectjobs-fetch-").FullName;
        var local = Path.GetFullPath(Path.Combine(folder, file.Name));
        try
        {
            if (Path.GetDirectoryName(local) != folder)
            {
                throw ConnectException.Create(ErrorIds.UnsafeRemoteName, ErrorKind.InvalidArgument, file.Name, Messages.UnsafeRemoteName, file.Name);
            }

            await using (var output = File.Create(local))
            {
                // After a broken connection, go on from the byte the copy has.
                await Remote(async () =>
                {
                    await DownloadAsync(remote, output, output.Length, cancellationToken).ConfigureAwait(false);
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
        Remote(() => StatAsync(PathOf(name), name, cancellationToken));

    public Task<string> MoveAsync(LocationFile file, string folder, CancellationToken cancellationToken) =>
        Remote(async () =>
        {
            var source = PathOf(file.Name);
            var target = PathOf(folder);
            await MakeDirectoryAsync(target, cancellationToken).ConfigureAwait(false);
            // A few tries for a free name, then one made unique by the time: a server that says every
            // name exists (some answer SIZE for anything) must not keep the job asking for ever.
            var destination = $"{target}/{file.Name}";
            for (var n = 1; await StatAsync(destination, file.Name, cancellationToken).ConfigureAwait(false) is not null; n++)
            {
                var suffix = n <= MoveNameTries ? n.ToString(CultureInfo.InvariantCulture) : DateTime.UtcNow.ToString("yyyyMMddHHmmssfffffff", CultureInfo.InvariantCulture);
                destination = $"{target}/{Path.GetFileNameWithoutExtension(file.Name)}.{suffix}{Path.GetExtension(file.Name)}";
                if (n > MoveNameTries)
                {
                    break;
                }
            }

            await RenameAsync(source, destination, cancellationToken).ConfigureAwait(false);
            return destination;
        });

    public Task WriteTextAsync(string folder, string name, string text, CancellationToken cancellationToken) =>
        Remote(async () =>
        {
            var target = PathOf(folder);
            await MakeDirectoryAsync(target, cancellationToken).ConfigureAwait(false);
            await UploadAsync($"{target}/{CheckName(name)}", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), cancellationToken).ConfigureAwait(false);
            return 0;
        });

    public Task<IOutboundFile> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var final = PathOf(name);
        var partial = Connection.UploadDirectly ? final : PathOf($".{name}.partial");
        var pipe = new BlockPipe();
        pipe.ReadBy(Remote(async () =>
        {
            await UploadAsync(partial, pipe.Reader, cancellationToken).ConfigureAwait(false);
            return 0;
        }, retries: false));
        return Task.FromResult<IOutboundFile>(new OutboundFile(this, pipe, partial, final, name));
    }

    public Task DeleteAsync(LocationFile file, CancellationToken cancellationToken) =>
        Remote(async () =>
        {
            await DeleteFileAsync(PathOf(file.Name), cancellationToken).ConfigureAwait(false);
            return 0;
        });

    public Task CreateFoldersAsync(string relativePath, CancellationToken cancellationToken) =>
        Remote(async () =>
        {
            var path = Directory;
            foreach (var part in relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                path = $"{path}/{CheckName(part)}";
                await MakeDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
            }

            return 0;
        });

    public abstract void Dispose();

    /// <summary>A directory under the base directory; '' is the base (or login) directory itself. An
    /// absolute directory must lie under the base directory (any, when there is none).</summary>
    protected static string RemotePath(string baseDirectory, string directory)
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
                : throw ConnectException.Create(ErrorIds.UnsafeRemoteName, ErrorKind.InvalidArgument, directory, Messages.RemoteOutsideBase, directory, baseDirectory);
        }

        var joined = string.Join('/', new[] { root, directory.Trim('/') }.Where(p => p.Length > 0));
        return joined.Length == 0 ? "." : joined;
    }

    /// <summary>The regular files of <see cref="Directory"/>.</summary>
    protected abstract Task<List<LocationFile>> ListFilesAsync(CancellationToken cancellationToken);

    /// <summary>Size and time of a file, or null when there is none.</summary>
    protected abstract Task<LocationFile?> StatAsync(string path, string name, CancellationToken cancellationToken);

    /// <summary>Copies the remote file from <paramref name="offset"/> on into <paramref name="output"/>.</summary>
    protected abstract Task DownloadAsync(string path, Stream output, long offset, CancellationToken cancellationToken);

    protected abstract Task UploadAsync(string path, Stream input, CancellationToken cancellationToken);

    /// <summary>Renames, replacing a file of the new name.</summary>
    protected abstract Task RenameAsync(string from, string to, CancellationToken cancellationToken);

    protected abstract Task DeleteFileAsync(string path, CancellationToken cancellationToken);

    /// <summary>Makes the directory unless it is there.</summary>
    protected abstract Task MakeDirectoryAsync(string path, CancellationToken cancellationToken);

    /// <summary>Drops the connection and logs in again.</summary>
    protected abstract Task ReconnectAsync();

    /// <summary>A fault worth retrying with a fresh connection (reset, timeout).</summary>
    protected abstract bool IsTransient(Exception e);

    /// <summary>The server says there is no such file or directory.</summary>
    protected abstract bool IsNotFound(Exception e);

    /// <summary>How many numbered names (name.1.csv, …) a move tries before it takes a unique one.</summary>
    private const int MoveNameTries = 5;

    /// <summary>Whether a name from a server (or for one) names a file in the directory itself: not
    /// empty, '.', '..', and with no separator of any server ('/', and '\' on Windows servers) or
    /// control character.</summary>
    public static bool IsSafeName(string name) =>
        name.Length > 0 && name is not ("." or "..") && name.IndexOfAny(['/', '\\']) < 0 && !name.Any(char.IsControl);

    private static string CheckName(string name) =>
        IsSafeName(name) ? name : throw ConnectException.Create(ErrorIds.UnsafeRemoteName, ErrorKind.InvalidArgument, name, Messages.UnsafeRemoteName, name);

    private string PathOf(string name) => $"{Directory}/{CheckName(name)}";

    /// <summary>Runs a remote operation, again after a transient fault with a fresh connection, as
    /// often and as long apart as the connection says (the delay doubling each time), and says what
    /// failed, where, in the engine's terms.</summary>
    private async Task<T> Remote<T>(Func<Task<T>> operation, bool retries = true)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await operation().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not (ConnectException or OperationCanceledException))
            {
                if (retries && attempt < Connection.RetryCount && IsTransient(e))
                {
                    await Task.Delay(Connection.RetryDelay * Math.Pow(2, attempt)).ConfigureAwait(false);
                    try
                    {
                        await ReconnectAsync().ConfigureAwait(false);
                    }
                    catch (Exception reconnect) when (reconnect is not OperationCanceledException)
                    {
                        // Still down: the next attempt fails the same way, or the last one reports it.
                    }

                    continue;
                }

                throw IsNotFound(e)
                    ? new ConnectException(ErrorIds.LocationNotFound, ErrorKind.ResourceUnavailable, Description, string.Format(CultureInfo.CurrentCulture, Messages.RemoteNotFound, Description, e.Message), e)
                    : new ConnectException(ErrorIds.RemoteOperationFailed, ErrorKind.ResourceUnavailable, Description, string.Format(CultureInfo.CurrentCulture, Messages.RemoteOperationFailed, Description, e.Message), e);
            }
        }
    }

    /// <summary>An upload under a temporary name, renamed when complete.</summary>
    private sealed class OutboundFile(RemoteLocation location, BlockPipe pipe, string partial, string final, string name) : IOutboundFile
    {
        private bool _committed;

        public Stream Stream => pipe.Writer;

        public async Task<LocationFile> CommitAsync(CancellationToken cancellationToken)
        {
            pipe.Complete();
            await pipe.ReaderDone.ConfigureAwait(false);
            var file = await location.Remote(async () =>
            {
                if (partial != final)
                {
                    await location.RenameAsync(partial, final, cancellationToken).ConfigureAwait(false);
                }

                return await location.StatAsync(final, name, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            _committed = true;
            return file!;
        }

        public async ValueTask DisposeAsync()
        {
            if (_committed)
            {
                return;
            }

            pipe.Complete();
            try
            {
                await pipe.ReaderDone.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The upload failed already (the server went away): that error is the one to report.
            }

            try
            {
                await location.DeleteFileAsync(partial, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Nothing to remove, or the server is gone; nothing is at the final name either way.
            }
        }
    }
}
