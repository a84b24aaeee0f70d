namespace ConnectJobs.Locations;

/// <summary>A file in a location, as listed there.</summary>
public sealed record LocationFile(string Name, long Size, DateTime LastWriteUtc);

/// <summary>Where a job's files come from and go to. A local or network folder now; SFTP and FTP/FTPS
/// connections implement the same seam, so jobs never deal in paths of one kind.</summary>
public interface ILocation : IDisposable
{
    /// <summary>Shown in logs and errors: the folder, or connection and directory.</summary>
    string Description { get; }

    /// <summary>The files whose names match <paramref name="pattern"/> ('*' and '?' wildcards), oldest first.</summary>
    Task<IReadOnlyList<LocationFile>> ListAsync(string pattern, CancellationToken cancellationToken);

    /// <summary>A local file to read: the file itself in a folder; a downloaded copy (deleted when
    /// disposed) from a server.</summary>
    Task<FetchedFile> FetchAsync(LocationFile file, CancellationToken cancellationToken);

    /// <summary>Whether the location holds a file of that name (count and ready files).</summary>
    Task<LocationFile?> FindAsync(string name, CancellationToken cancellationToken);

    /// <summary>Moves the file into a subfolder of the location (archive, failed), creating it, and
    /// returns where it went. An existing file of that name is never overwritten.</summary>
    Task<string> MoveAsync(LocationFile file, string folder, CancellationToken cancellationToken);

    /// <summary>Writes a small text file beside the moved ones (the reason a file failed).</summary>
    Task WriteTextAsync(string folder, string name, string text, CancellationToken cancellationToken);

    /// <summary>Starts a new file of that name. It is written under a temporary name and appears
    /// under its own name only when committed, so a consumer never sees a partial file; one that is
    /// disposed without being committed leaves nothing behind.</summary>
    Task<IOutboundFile> CreateAsync(string name, CancellationToken cancellationToken);

    Task DeleteAsync(LocationFile file, CancellationToken cancellationToken);

    /// <summary>Makes the folders of <paramref name="relativePath"/> ('2026/12') under the location,
    /// those that are not there yet.</summary>
    Task CreateFoldersAsync(string relativePath, CancellationToken cancellationToken);
}

/// <summary>A file being written to a location.</summary>
public interface IOutboundFile : IAsyncDisposable
{
    Stream Stream { get; }

    /// <summary>Makes the file durable and gives it its name (replacing a file of that name).</summary>
    Task<LocationFile> CommitAsync(CancellationToken cancellationToken);
}

/// <summary>A location's file as a local path; a downloaded copy goes when this is disposed.</summary>
public sealed class FetchedFile(string path, bool temporary) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose()
    {
        if (temporary)
        {
            File.Delete(Path);
            Directory.Delete(System.IO.Path.GetDirectoryName(Path)!);
        }
    }
}
