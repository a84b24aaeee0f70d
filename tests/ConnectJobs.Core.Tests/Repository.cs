namespace ConnectJobs.Core.Tests;

/// <summary>The repository the tests were built from: the folder of ConnectJobs.sln.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConnectJobs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ConnectJobs.sln not found above " + AppContext.BaseDirectory);
    }
}
