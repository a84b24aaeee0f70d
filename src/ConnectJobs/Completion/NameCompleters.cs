using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ConnectJobs.Data;
using ConnectJobs.Store;

namespace ConnectJobs.Commands.Completion;

/// <summary>What completers read: the session's store, never a remote system, and only read: a
/// keystroke never creates, migrates or maintains a store.</summary>
internal static class CompletionStore
{
    public static IReadOnlyList<T> Read<T>(Func<IConnectStore, Task<IReadOnlyList<T>>> read)
    {
        try
        {
            var (location, source) = StoreLocation.Resolve(StoreSession.Choice);
            var store = ConnectStore.OpenForReadingAsync(location, source == StoreSource.Session ? StoreSession.Credential : null, CancellationToken.None).GetAwaiter().GetResult();
            try
            {
                return read(store).GetAwaiter().GetResult();
            }
            finally
            {
                (store as IAsyncDisposable)?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        catch (ConnectException)
        {
            // A store that cannot be opened offers nothing; the command itself will say why.
            return [];
        }
    }
}

/// <summary>Completes list or table names from the session's store.</summary>
public abstract class DataTargetNameCompleter : IArgumentCompleter
{
    private readonly bool _lists;

    protected DataTargetNameCompleter(bool lists) => _lists = lists;

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = (wordToComplete ?? "").Trim('\'', '"');
        return CompletionStore.Read(s => s.GetTargetsAsync(CancellationToken.None))
            .Where(t => (t.Kind == TargetKind.List) == _lists && t.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(t => new CompletionResult(t.Name, t.Name, CompletionResultType.ParameterValue, $"{t.Kind} {t.Name} ({t.RecordCount} records)"));
    }
}

/// <summary>Completes profile list names.</summary>
public sealed class ListNameCompleter : DataTargetNameCompleter
{
    public ListNameCompleter()
        : base(lists: true)
    {
    }
}

/// <summary>Completes table names (supplemental, extension, suppression).</summary>
public sealed class TableNameCompleter : DataTargetNameCompleter
{
    public TableNameCompleter()
        : base(lists: false)
    {
    }
}

/// <summary>Completes job names from the session's store.</summary>
public sealed class JobNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = (wordToComplete ?? "").Trim('\'', '"');
        return CompletionStore.Read(s => s.GetJobsAsync(CancellationToken.None)).Where(j => j.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(j => new CompletionResult(j.Name, j.Name, CompletionResultType.ParameterValue, $"Job {j.Id} {j.Name} ({(j.Enabled ? "enabled" : "disabled")})"));
    }
}

/// <summary>Completes list and table names together, for commands that export either.</summary>
public sealed class SourceNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = (wordToComplete ?? "").Trim('\'', '"');
        return CompletionStore.Read(s => s.GetTargetsAsync(CancellationToken.None))
            .Where(t => t.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(t => new CompletionResult(t.Name, t.Name, CompletionResultType.ParameterValue, $"{t.Kind} {t.Name} ({t.RecordCount} records)"));
    }
}

/// <summary>Completes saved filter names from the session's store.</summary>
public sealed class FilterNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = (wordToComplete ?? "").Trim('\'', '"');
        return CompletionStore.Read(s => s.GetFiltersAsync(CancellationToken.None)).Where(f => f.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(f => new CompletionResult(f.Name, f.Name, CompletionResultType.ParameterValue, $"Filter on {f.List}: {f.Script}"));
    }
}

/// <summary>Completes connection names from the session's store.</summary>
public sealed class ConnectionNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = (wordToComplete ?? "").Trim('\'', '"');
        return CompletionStore.Read(s => s.GetConnectionsAsync(CancellationToken.None)).Where(c => c.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(c => new CompletionResult(c.Name, c.Name, CompletionResultType.ParameterValue, $"{c.Protocol} {c.User}@{c.Host}:{c.Port}"));
    }
}

/// <summary>Completes group names from the store.</summary>
public sealed class GroupNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = (wordToComplete ?? "").Trim('\'', '"');
        return CompletionStore.Read(s => s.GetGroupsAsync(CancellationToken.None)).Where(g => g.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(g => new CompletionResult(g.Name, g.Name, CompletionResultType.ParameterValue, $"Group {g.Id} {g.Name}: {string.Join(", ", g.Jobs)}"));
    }
}

/// <summary>Completes event type names from the catalogue (no store needed).</summary>
public sealed class EventTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = (wordToComplete ?? "").Trim('\'', '"');
        return Events.EventTypes.Names.Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, $"{Events.EventTypes.Find(n).Channel} event {n}"));
    }
}
