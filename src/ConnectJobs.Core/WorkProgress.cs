namespace ConnectJobs;

/// <summary>How far a long piece of engine work has come. The engine reports it through
/// <see cref="IProgress{T}"/> from whatever thread it runs on; the cmdlets show it on the pipeline thread.</summary>
public sealed record WorkProgress(string Activity, string Status, long Done, long? Total)
{
    public int? PercentComplete => Total is > 0 ? (int)Math.Min(100, Done * 100 / Total.Value) : null;
}
