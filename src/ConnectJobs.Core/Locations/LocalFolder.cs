using System.Globalization;
using System.IO.Enumeration;

namespace ConnectJobs.Locations;

/// <summary>A folder on a local disk or a mounted share.</summary>
public sealed class LocalFolder : ILocation
{
    public LocalFolder(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }

    public string Description => Path;

    public Task<IReadOnlyList<LocationFile>> ListAsync(string pattern, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path))
        {
            throw ConnectException.Create(ErrorIds.LocationNotFound, ErrorKind.ResourceUnavailable, Path, Messages.LocationNotFound, Path);
        }

        IReadOnlyList<LocationFile> files = new DirectoryInfo(Path).EnumerateFiles()
            .Where(f => FileSystemName.MatchesSimpleExpression(pattern, f.Name, ignoreCase: !OperatingSystem.IsLinux()))
            .Select(f => new LocationFile(f.Name, f.Length, f.LastWriteTimeUtc))
            .OrderBy(f => f.LastWriteUtc).ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(files);
    }

    public Task<FetchedFile> FetchAsync(LocationFile file, CancellationToken cancellationToken)
    {
        // Listed a moment ago, but someone may have taken it since.
        var path = System.IO.Path.Combine(Path, file.Name);
        return File.Exists(path)
            ? Task.FromResult(new FetchedFile(path, temporary: false))
            : throw ConnectException.Create(ErrorIds.InboundFileNotFound, ErrorKind.NotFound, path, Messages.InboundFileNotFound, path);
    }

    public void Dispose()
    {
    }

    public Task<LocationFile?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var info = new FileInfo(System.IO.Path.Combine(Path, name));
        return Task.FromResult(info.Exists ? new LocationFile(info.Name, info.Length, info.LastWriteTimeUtc) : null);
    }

    public Task<string> MoveAsync(LocationFile file, string folder, CancellationToken cancellationToken)
    {
        var target = System.IO.Path.Combine(Path, folder);
        Directory.CreateDirectory(target);
        var destination = System.IO.Path.Combine(target, file.Name);
        for (var n = 1; File.Exists(destination); n++)
        {
            destination = System.IO.Path.Combine(target, string.Create(CultureInfo.InvariantCulture, $"{System.IO.Path.GetFileNameWithoutExtension(file.Name)}.{n}{System.IO.Path.GetExtension(file.Name)}"));
        }

        File.Move(System.IO.Path.Combine(Path, file.Name), destination);
        return Task.FromResult(destination);
    }

    public async Task WriteTextAsync(string folder, string name, string text, CancellationToken cancellationToken)
    {
        var target = System.IO.Path.Combine(Path, folder);
        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(System.IO.Path.Combine(target, name), text, cancellationToken).ConfigureAwait(false);
    }

    public Task<IOutboundFile> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var final = System.IO.Path.Combine(Path, name);
        var partial = System.IO.Path.Combine(Path, $".{name}.partial");
        try
        {
            if (!Directory.Exists(Path))
            {
                throw ConnectException.Create(ErrorIds.LocationNotFound, ErrorKind.ResourceUnavailable, Path, Messages.LocationNotFound, Path);
            }

            return Task.FromResult<IOutboundFile>(new OutboundFile(new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.None), partial, final));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw WriteFailed(final, e);
        }
    }

    public Task DeleteAsync(LocationFile file, CancellationToken cancellationToken)
    {
        File.Delete(System.IO.Path.Combine(Path, file.Name));
        return Task.CompletedTask;
    }

    public Task CreateFoldersAsync(string relativePath, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path))
        {
            throw ConnectException.Create(ErrorIds.LocationNotFound, ErrorKind.ResourceUnavailable, Path, Messages.LocationNotFound, Path);
        }

        Directory.CreateDirectory(System.IO.Path.Combine(Path, relativePath));
        return Task.CompletedTask;
    }

    /// <summary>A write to the location failed (not writable, disk full): the path and the system's reason.</summary>
    internal static ConnectException WriteFailed(string path, Exception e) =>
        new(ErrorIds.LocationWriteFailed, e is UnauthorizedAccessException ? ErrorKind.PermissionDenied : ErrorKind.ResourceUnavailable, path,
            string.Format(CultureInfo.CurrentCulture, Messages.LocationWriteFailed, path, e.Message), e);

    private sealed class OutboundFile(FileStream stream, string partial, string final) : IOutboundFile
    {
        private bool _committed;

        public Stream Stream => stream;

        public async Task<LocationFile> CommitAsync(CancellationToken cancellationToken)
        {
            try
            {
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
                await stream.DisposeAsync().ConfigureAwait(false);
                File.Move(partial, final, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw WriteFailed(final, e);
            }

            _committed = true;
            var info = new FileInfo(final);
            return new LocationFile(info.Name, info.Length, info.LastWriteTimeUtc);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_committed)
            {
                try
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // Disk full again while closing: the partial file goes anyway.
                }

                File.Delete(partial);
            }
        }
    }
}
