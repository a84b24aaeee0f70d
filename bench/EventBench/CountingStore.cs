using ConnectJobs.Events;
using ConnectJobs.Store;

namespace EventBench;

/// <summary>A store that only counts the events it is given (the parse diagnosis).</summary>
public class CountingStore : System.Reflection.DispatchProxy
{
    public static IConnectStore Create() => Create<IConnectStore, CountingStore>();

    protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) =>
        targetMethod!.Name == nameof(IConnectStore.AddEventsAsync)
            ? Task.FromResult(new EventCounts(((IEnumerable<StoredEvent>)args![0]!).LongCount(), 0))
            : throw new NotSupportedException(targetMethod.Name);
}
