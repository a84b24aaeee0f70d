namespace ConnectJobs.Module.Tests;

/// <summary>Tests that run connectjobs-run processes against a store of their own, as cron and
/// systemd start it.</summary>
public abstract class HostProcessTest : IDisposable
{
    protected HostProcessTest(string folderPrefix) => Folder = Directory.CreateTempSubdirectory(folderPrefix).FullName;

    protected string Folder { get; }

    /// <summary>The store in the test's folder, and plain text output.</summary>
    protected Dictionary<string, string?> Environment => new() { ["CONNECTJOBS_STORE"] = Path.Combine(Folder, "store"), ["NO_COLOR"] = "1" };

    public void Dispose()
    {
        Paths.DeleteFolder(Folder);
        GC.SuppressFinalize(this);
    }

    /// <summary>Waits (up to <paramref name="seconds"/>) until the condition holds.</summary>
    protected static async Task WaitUntilAsync(Func<bool> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"the condition did not hold within {seconds} s");
            await Task.Delay(100);
        }
    }
}
