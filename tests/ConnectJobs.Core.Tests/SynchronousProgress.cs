namespace ConnectJobs.Core.Tests;

/// <summary>Reports on the calling thread, so a test sees every report in order (Progress&lt;T&gt;
/// would post them to the thread pool).</summary>
internal sealed class SynchronousProgress(Action<WorkProgress> report) : IProgress<WorkProgress>
{
    public void Report(WorkProgress value) => report(value);
}
