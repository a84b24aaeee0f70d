using System.Runtime.CompilerServices;

namespace ConnectJobs.Core.Tests;

/// <summary>One secret key file for the whole test process, chosen before any test runs: the
/// variable is process-wide, and test classes that set it each for themselves, in parallel, would
/// encrypt with one key and decrypt with another.</summary>
internal static class TestSecrets
{
    [ModuleInitializer]
    internal static void UseOwnKeyFile()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"cj-tests-{Environment.ProcessId}");
        Environment.SetEnvironmentVariable("CONNECTJOBS_SECRET_KEY", Path.Combine(folder, "secret.key"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        };
    }
}
