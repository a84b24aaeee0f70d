using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>Marks a job parameter that only some kinds of job take, where its parameter set does not
/// say it: export jobs and event feeds share the export set, but only an export of records has a
/// -Source, and only a feed has -EventType. Set-ConnectJob refuses it for the other kinds.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class JobKindsAttribute(params JobKind[] kinds) : Attribute
{
    public IReadOnlyList<JobKind> Kinds { get; } = kinds;
}
