namespace ConnectJobs.Module.Tests;

/// <summary>A test class's engine session (with the module imported into a store of its own) and the
/// folder its files go in; both are gone after each test.</summary>
public abstract class SessionTest : IDisposable
{
    protected SessionTest(string folderPrefix) => Folder = Directory.CreateTempSubdirectory(folderPrefix).FullName;

    protected PowerShellSession Session { get; } = new();

    protected string Folder { get; }

    /// <summary>Writes a file into the folder and returns its path.</summary>
    protected string Drop(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        Session.Dispose();
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
