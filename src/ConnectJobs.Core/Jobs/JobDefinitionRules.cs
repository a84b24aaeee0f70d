using System.Globalization;
using ConnectJobs.Data;
using ConnectJobs.Locations;

namespace ConnectJobs.Jobs;

/// <summary>What can be known to be wrong with a job when it is defined or changed, so that it is
/// refused then rather than failing its first run at night.</summary>
public static class JobDefinitionRules
{
    /// <summary>Every mapping target must be a column of the target (for an extension table: of the
    /// table or of its list, whose fields find the record).</summary>
    public static void CheckMapping(DataTarget target, DataTarget? list, IReadOnlyDictionary<string, string>? mapping)
    {
        foreach (var (from, to) in mapping ?? new Dictionary<string, string>())
        {
            if (!target.Columns.Concat(list?.Columns ?? []).Any(c => c.Name.Equals(to.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                throw ConnectException.Create(ErrorIds.UnknownMappedColumn, ErrorKind.InvalidArgument, to, Messages.UnknownMappedColumn, from, to, target.Name);
            }
        }
    }

    /// <summary>A file name pattern names files of one folder: no separator, and date tokens that format.</summary>
    public static void CheckFilePattern(string pattern)
    {
        var reason = pattern.IndexOfAny(['/', '\\']) >= 0 ? Messages.PatternHasSeparator
            : pattern.Trim().Length == 0 || pattern.Any(char.IsControl) ? Messages.PatternEmpty
            : (string?)null;
        if (reason is null)
        {
            try
            {
                JobRunner.ResolveDateTokens(pattern, DateTime.Now);
            }
            catch (FormatException e)
            {
                reason = e.Message;
            }
        }

        if (reason is not null)
        {
            throw ConnectException.Create(ErrorIds.InvalidFilePattern, ErrorKind.InvalidArgument, pattern, Messages.InvalidFilePattern, pattern, reason);
        }
    }

    /// <summary>A directory on a server is made of names that stay in it: no '..', '.', '\' or control characters.</summary>
    public static void CheckRemoteDirectory(string directory)
    {
        foreach (var part in directory.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!RemoteLocation.IsSafeName(JobRunner.ResolveDateTokens(part, DateTime.Now)) || part.Contains('\\', StringComparison.Ordinal))
            {
                throw ConnectException.Create(ErrorIds.UnsafeRemoteName, ErrorKind.InvalidArgument, directory, Messages.UnsafeRemoteName, directory);
            }
        }
    }
}
