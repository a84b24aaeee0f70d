using System.Globalization;
using ConnectJobs.Jobs;
using ConnectJobs.Store;

namespace ConnectJobs.Definitions;

/// <summary>The store's definitions as files and back: what the store holds (<see cref="ReadAsync"/>),
/// what a folder would change (<see cref="PlanAsync"/>, checked whole before anything is written) and
/// the change itself (<see cref="ApplyAsync"/>, one transaction).</summary>
public static class StoreDefinitions
{
    /// <summary>Every definition in the store, in kind order then by name. Expiring tables (made by
    /// jobs for one file) are runs' leftovers, not definitions, and are left out.</summary>
    public static async Task<IReadOnlyList<Definition>> ReadAsync(IConnectStore store, CancellationToken cancellationToken)
    {
        var definitions = new List<Definition>();
        definitions.AddRange((await store.GetConnectionsAsync(cancellationToken).ConfigureAwait(false)).Select(DefinitionForms.Of));
        definitions.AddRange((await store.GetTargetsAsync(cancellationToken).ConfigureAwait(false))
            .Where(t => t is not Data.DataTable { Expires: not null }).Select(DefinitionForms.Of));
        definitions.AddRange((await store.GetFiltersAsync(cancellationToken).ConfigureAwait(false)).Select(DefinitionForms.Of));
        definitions.AddRange((await store.GetJobsAsync(cancellationToken).ConfigureAwait(false)).Select(job => DefinitionForms.Of(job, store.Location)));
        definitions.AddRange((await store.GetGroupsAsync(cancellationToken).ConfigureAwait(false)).Select(DefinitionForms.Of));
        return definitions
            .OrderBy(d => Array.IndexOf(DefinitionDiff.Order, d.Kind))
            .ThenBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    /// <summary>The changes that make the store hold <paramref name="desired"/> (and, with
    /// <paramref name="prune"/>, nothing else), after checking the whole folder: every name a
    /// definition refers to exists in the folder or stays in the store, every rule holds, and nothing
    /// is asked that cannot be changed in place. The first problem is thrown with its file and line.</summary>
    public static async Task<IReadOnlyList<DefinitionChange>> PlanAsync(IConnectStore store, IReadOnlyList<Definition> desired, bool prune, CancellationToken cancellationToken)
    {
        var current = await ReadAsync(store, cancellationToken).ConfigureAwait(false);
        var plan = DefinitionDiff.Plan(current, desired, prune);
        var removed = plan.Where(c => c.Action == DefinitionAction.Remove).Select(c => (c.Kind, c.Name.ToUpperInvariant())).ToHashSet();
        var names = new DefinitionNames(desired.Concat(current.Where(d => !removed.Contains((d.Kind, d.Name.ToUpperInvariant())))));
        foreach (var definition in desired)
        {
            DefinitionChecks.Check(definition, names);
        }

        foreach (var change in plan.Where(c => c.Action == DefinitionAction.Change))
        {
            var before = current.First(d => d.Kind == change.Kind && d.Name.Equals(change.Name, StringComparison.OrdinalIgnoreCase));
            var after = desired.First(d => d.Kind == change.Kind && d.Name.Equals(change.Name, StringComparison.OrdinalIgnoreCase));
            DefinitionChecks.CheckChangeable(before, after);
        }

        return plan;
    }

    /// <summary>Carries out a plan in one transaction: removals of groups and jobs first (they free
    /// names and members), then creations and changes in kind order, then the other removals in reverse
    /// order. An error stops it with the file and line of the definition at fault, and nothing is kept.
    /// A plan that changes no list, table or filter leaves the data file alone, so that an import
    /// merging meanwhile does not hold it up.</summary>
    public static Task ApplyAsync(IConnectStore store, IReadOnlyList<DefinitionChange> plan, IReadOnlyList<Definition> desired, CancellationToken cancellationToken)
    {
        var applier = new DefinitionApplier(store, cancellationToken);
        bool Early(DefinitionChange c) => c.Action == DefinitionAction.Remove && c.Kind is DefinitionKind.Group or DefinitionKind.Feed or DefinitionKind.Job;
        var ordered = plan.Where(Early).Reverse()
            .Concat(plan.Where(c => c.Action != DefinitionAction.Remove))
            .Concat(plan.Where(c => c.Action == DefinitionAction.Remove && !Early(c)).Reverse())
            .ToArray();
        return store.InOneTransactionAsync(
            async () =>
            {
                foreach (var change in ordered)
                {
                    var definition = change.Action == DefinitionAction.Remove ? null
                        : desired.First(d => d.Kind == change.Kind && d.Name.Equals(change.Name, StringComparison.OrdinalIgnoreCase));
                    try
                    {
                        await applier.ApplyAsync(change, definition).ConfigureAwait(false);
                    }
                    catch (ConnectException e)
                    {
                        throw Located(e, change, definition);
                    }
                }

                return true;
            },
            withData: plan.Any(c => c.Kind is DefinitionKind.List or DefinitionKind.Table or DefinitionKind.Filter),
            cancellationToken);
    }

    /// <summary>The store's error (its id kept) with the file and line of the definition it came from.</summary>
    private static ConnectException Located(ConnectException e, DefinitionChange change, Definition? definition)
    {
        var where = definition?.File is { } file
            ? string.Format(CultureInfo.CurrentCulture, Messages.DefinitionLocation, file, definition.LineOfValue(e.Target))
            : string.Format(CultureInfo.CurrentCulture, Messages.DefinitionRemoval, change.Kind, change.Name);
        return new ConnectException(e.ErrorId, e.Kind, e.Target, where + " " + e.Message, e);
    }
}

/// <summary>The names a folder's definitions may refer to: the folder's own and the store's that stay.</summary>
internal sealed class DefinitionNames(IEnumerable<Definition> definitions)
{
    private readonly ILookup<DefinitionKind, string> _names = definitions.ToLookup(d => d.Kind, d => d.Name, EqualityComparer<DefinitionKind>.Default);

    public bool Has(DefinitionKind kind, string name) => _names[kind].Contains(name, StringComparer.OrdinalIgnoreCase);

    public bool HasJob(string name) => Has(DefinitionKind.Job, name) || Has(DefinitionKind.Feed, name);
}
