using ConnectJobs.Jobs;

namespace ConnectJobs.Definitions;

/// <summary>A job that uses its store's own folders (files/upload, files/archive, files/download: what
/// New-ConnectJob gives a job that names no connection and no folder) names them in a definition file as
/// <c>{store}/files/upload</c>, so that the file means the same folders of whichever store it is applied to.</summary>
internal static class StorePaths
{
    public const string Token = "{store}";

    /// <summary>The settings with the store's folder written as the token.</summary>
    public static JobSettings Portable(JobSettings settings, string store) => Map(settings, path => Portable(path, store));

    /// <summary>The settings with the token turned into <paramref name="store"/>'s folder.</summary>
    public static JobSettings Local(JobSettings settings, string store) => Map(settings, path =>
        path.StartsWith(Token, StringComparison.Ordinal) ? store + path[Token.Length..] : path);

    private static string Portable(string path, string store)
    {
        var root = store.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return path.Equals(root, StringComparison.Ordinal) ? Token
            : path.StartsWith(root, StringComparison.Ordinal) && path.Length > root.Length && path[root.Length] is '/' or '\\' ? Token + "/" + path[(root.Length + 1)..].Replace('\\', '/')
            : path;
    }

    /// <summary>Only local folders: a folder on a connection is the server's.</summary>
    private static JobSettings Map(JobSettings settings, Func<string, string> map) => settings switch
    {
        ImportJobSettings { Connection: null } import => import with
        {
            SourceDirectory = map(import.SourceDirectory),
            ArchiveFolder = map(import.ArchiveFolder),
            FailedFolder = map(import.FailedFolder),
        },
        ExportJobSettings { Connection: null } export => export with { TargetDirectory = map(export.TargetDirectory) },
        _ => settings,
    };
}
