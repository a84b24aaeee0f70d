using ConnectJobs.Data;

namespace ConnectJobs.Store;

/// <summary>Saved list filters.</summary>
public interface IFilterStore
{
    Task<IReadOnlyList<Filters.ListFilter>> GetFiltersAsync(CancellationToken cancellationToken);

    /// <summary>The filter of that name (any case), or null.</summary>
    Task<Filters.ListFilter?> FindFilterAsync(string name, CancellationToken cancellationToken);

    /// <summary>Saves a filter on a list; a filter naming a column the list (and its extension tables)
    /// does not have, or a value that does not fit its column, is refused.</summary>
    Task<Filters.ListFilter> CreateFilterAsync(string name, ProfileList list, string? description, string script, Filters.FilterNode expression, CancellationToken cancellationToken);

    /// <summary>Changes a filter; null leaves a value as it is.</summary>
    Task<Filters.ListFilter> UpdateFilterAsync(Filters.ListFilter filter, string? newName, string? description, string? script, Filters.FilterNode? expression, CancellationToken cancellationToken);

    Task RemoveFilterAsync(Filters.ListFilter filter, CancellationToken cancellationToken);
}
