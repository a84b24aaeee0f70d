using System.Collections.Concurrent;
using System.Management.Automation;
using ConnectJobs.Data;
using ConnectJobs.Jobs;
using ConnectJobs.Store;

namespace ConnectJobs.Commands;

/// <summary>What every ConnectJobs cmdlet shares: the store of the session, a cancellation token that
/// Ctrl+C (StopProcessing) cancels, and engine failures turned into error records. Engine work is
/// awaited on the pipeline thread, so every Write* happens there.</summary>
/// <remarks>No field of a cmdlet may be of an engine value type (see <see cref="TableType"/>).</remarks>
public abstract partial class ConnectCmdlet : PSCmdlet, IDisposable
{
    private const int ProgressActivityId = 1;
    private readonly CancellationTokenSource _stopping = new();
    private IConnectStore? _store;
    private string? _storeSource;

    protected CancellationToken CancellationToken => _stopping.Token;

    /// <summary>Set (AppContext data, which every load context shares) when a store could not be opened.</summary>
    private const string StoreUnavailableKey = "ConnectJobs.StoreUnavailable";

    /// <summary>The store of this session, opened (and migrated) on first use. A store that cannot be
    /// opened stops the command: nothing else can be done without it.</summary>
    internal IConnectStore Store
    {
        get
        {
            if (_store is null)
            {
                var (path, source) = StoreLocation.Resolve(StoreSession.Choice);
                try
                {
                    var (credential, local) = source == StoreSource.Session ? (StoreSession.Credential, StoreSession.LocalFolder) : (null, null);
                    _store = Await(OpensForWork ? ConnectStore.OpenForWorkAsync(path, credential, local, CancellationToken) : ConnectStore.OpenAsync(path, credential, local, CancellationToken));
                }
                catch (ConnectException e)
                {
                    // connectjobs-run (and any host that looks) exits with its own code for this: a
                    // scheduler tells "the store is unusable" from "a run failed".
                    AppContext.SetData(StoreUnavailableKey, true);
                    ThrowTerminatingError(ToErrorRecord(e));
                }

                _storeSource = source.ToString();
                foreach (var warning in _store!.Warnings)
                {
                    WriteWarning(warning);
                }
            }

            return _store;
        }
    }

    /// <summary>Whether the command works on the store (runs jobs, imports, exports, opens it), which
    /// is when maintenance runs; reads and definitions never trigger it.</summary>
    private protected virtual bool OpensForWork => false;

    internal StoreSource StoreSource => Enum.Parse<StoreSource>(_storeSource!);

    /// <summary>What Get-ConnectStore (and Open-, Set-ConnectStore -PassThru) show of the store.</summary>
    internal StoreInfo DescribeStore() => Store.Describe(StoreSource) with { EventRetentionDays = Await(Store.GetEventRetentionDaysAsync(CancellationToken)) };

    /// <summary>Ends the command: a PostgreSQL store's connections are closed with it.</summary>
    public void Dispose()
    {
        if (_store is IAsyncDisposable disposable)
        {
            disposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>Waits for engine work; a cancellation caused by Ctrl+C stops the pipeline.</summary>
    protected void Await(Task task)
    {
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    protected T Await<T>(Task<T> task)
    {
        Await((Task)task);
        return task.Result;
    }

    /// <summary>Runs long engine work off the pipeline thread and shows its progress from here, the
    /// only thread on which PowerShell lets a cmdlet write.</summary>
    protected T AwaitWithProgress<T>(Func<IProgress<WorkProgress>, Task<T>> work)
    {
        // Opened here, on the pipeline thread: the store this session chose (Open-ConnectStore) is
        // the runspace's, which the worker thread below cannot see.
        _ = Store;
        using var reports = new BlockingCollection<WorkProgress>();
        var progress = new QueuedProgress(reports);
        var task = Task.Run(() => work(progress), CancellationToken);
        ProgressRecord? shown = null;
        try
        {
            do
            {
                if (reports.TryTake(out var report, 100))
                {
                    shown = new ProgressRecord(ProgressActivityId, report.Activity, report.Status) { PercentComplete = report.PercentComplete ?? -1 };
                    WriteProgress(shown);
                }
            }
            while (!task.IsCompleted || reports.Count > 0);

            if (shown is not null)
            {
                shown.RecordType = ProgressRecordType.Completed;
                WriteProgress(shown);
            }
        }
        catch (PipelineStoppedException)
        {
            // Stopping (Ctrl+C, SIGTERM): writing fails from now on, but the work has seen its token
            // and must be let finish rolling back and recording how it ended, or the process could
            // exit first and leave the run for the next process to find dead.
            ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
            throw;
        }

        return Await(task);
    }

    /// <summary>Runs one unit of work; an engine failure becomes a non-terminating error, so the
    /// pipeline goes on with the next input.</summary>
    protected void Run(Action work)
    {
        try
        {
            work();
        }
        catch (ConnectException e)
        {
            WriteError(ToErrorRecord(e));
        }
    }

    internal static ErrorRecord ToErrorRecord(ConnectException e) => new(e, e.ErrorId, e.Kind switch
    {
        ErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        ErrorKind.AlreadyExists => ErrorCategory.ResourceExists,
        ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        ErrorKind.InvalidData or ErrorKind.InvalidFile => ErrorCategory.InvalidData,
        ErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        ErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        ErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        ErrorKind.NotImplemented => ErrorCategory.NotImplemented,
        _ => ErrorCategory.NotSpecified,
    }, e.Target);

    /// <summary>The lists (or tables) that <paramref name="names"/> select, wildcards allowed. A name
    /// without wildcards that matches nothing is reported as an error, as Get-Item does.</summary>
    internal IReadOnlyList<DataTarget> SelectTargets(string[]? names, bool lists) =>
        Select(Await(Store.GetTargetsAsync(CancellationToken)).Where(t => (t.Kind == TargetKind.List) == lists), names, t => t.Name, name => DataTargetErrors.NotFound(name, lists));

    /// <summary>The jobs that <paramref name="names"/> select, as <see cref="SelectTargets"/> does.</summary>
    internal IReadOnlyList<ConnectJob> SelectJobs(string[]? names) =>
        Select(Await(Store.GetJobsAsync(CancellationToken)), names, j => j.Name, StoreErrors.JobNotFound);

    internal IReadOnlyList<JobGroup> SelectGroups(string[]? names) =>
        Select(Await(Store.GetGroupsAsync(CancellationToken)), names, g => g.Name, StoreErrors.GroupNotFound);

    /// <summary>The one job of that exact name (any case).</summary>
    internal ConnectJob FindJob(string name) => Await(Store.FindJobAsync(name, CancellationToken)) ?? throw StoreErrors.JobNotFound(name);

    private List<T> Select<T>(IEnumerable<T> candidates, string[]? names, Func<T, string> nameOf, Func<string, ConnectException> notFound)
    {
        var all = candidates.ToList();
        if (names is null || names.Length == 0)
        {
            return all;
        }

        var selected = new List<T>();
        foreach (var name in names)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var matches = all.Where(c => pattern.IsMatch(nameOf(c))).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                WriteError(ToErrorRecord(notFound(name)));
            }

            selected.AddRange(matches.Where(m => !selected.Contains(m)));
        }

        return selected;
    }

    /// <summary>The one list or table of that exact name; anything else is an error.</summary>
    internal DataTarget FindTarget(string name, bool list)
    {
        var target = Await(Store.FindTargetAsync(name, CancellationToken));
        return target is not null && (target.Kind == TargetKind.List) == list ? target : throw DataTargetErrors.NotFound(name, list);
    }

    /// <summary>The saved filter of that name; with <paramref name="list"/>, it must be a filter on that list.</summary>
    internal ConnectJobs.Filters.ListFilter FindFilter(string name, DataTarget? list = null)
    {
        var filter = Await(Store.FindFilterAsync(name, CancellationToken)) ?? throw ConnectJobs.Filters.FilterErrors.NotFound(name);
        return list is null || filter.List.Equals(list.Name, StringComparison.OrdinalIgnoreCase) ? filter : throw ConnectJobs.Filters.FilterErrors.OfOtherList(filter, list.Name);
    }

    /// <summary>The condition of -Filter and -FilterName together (both must hold), or null for neither.</summary>
    internal ConnectJobs.Filters.FilterNode? CombinedFilter(FilterParameters parameters, DataTarget list)
    {
        var terms = new List<ConnectJobs.Filters.FilterNode>();
        if (parameters.FilterName is { } filterName)
        {
            terms.Add(FindFilter(filterName, list).Expression);
        }

        if (parameters.Filter is { } filter)
        {
            terms.Add(Filters.FilterTranslator.Translate(filter, SessionState));
        }

        return terms.Count switch
        {
            0 => null,
            1 => terms[0],
            _ => new ConnectJobs.Filters.AllOf(terms),
        };
    }

    /// <summary>The connection of that exact name (any case).</summary>
    internal Connections.Connection FindConnection(string name) => Await(Store.FindConnectionAsync(name, CancellationToken)) ?? throw StoreErrors.ConnectionNotFound(name);

    /// <summary>The connections that <paramref name="names"/> select, as <see cref="SelectTargets"/> does.</summary>
    internal IReadOnlyList<Connections.Connection> SelectConnections(string[]? names) =>
        Select(Await(Store.GetConnectionsAsync(CancellationToken)), names, c => c.Name, StoreErrors.ConnectionNotFound);

    /// <summary>The saved filters that <paramref name="names"/> select, as <see cref="SelectTargets"/> does.</summary>
    internal IReadOnlyList<ConnectJobs.Filters.ListFilter> SelectFilters(string[]? names) =>
        Select(Await(Store.GetFiltersAsync(CancellationToken)), names, f => f.Name, ConnectJobs.Filters.FilterErrors.NotFound);

    /// <summary>The files -Path (wildcards, through the provider) or else -LiteralPath name; a -Path that
    /// matches nothing is an error of its own, and the other paths go on.</summary>
    internal IEnumerable<string> ResolveFiles(string[]? paths, string[] literalPaths)
    {
        if (paths is null)
        {
            return literalPaths.Select(p => SessionState.Path.GetUnresolvedProviderPathFromPSPath(p));
        }

        var files = new List<string>();
        foreach (var path in paths)
        {
            try
            {
                files.AddRange(GetResolvedProviderPathFromPSPath(path, out _));
            }
            catch (ItemNotFoundException e)
            {
                WriteError(new ErrorRecord(e, ErrorIds.InboundFileNotFound, ErrorCategory.ObjectNotFound, path));
            }
        }

        return files;
    }

    /// <summary>Refuses export columns that the source does not have, before anything runs.</summary>
    internal static void CheckColumns(DataTarget source, IReadOnlyList<string>? columns)
    {
        var exportable = DataTargetErrors.ExportableColumns(source);
        foreach (var column in columns ?? [])
        {
            if (!exportable.Contains(column, StringComparer.OrdinalIgnoreCase))
            {
                throw DataTargetErrors.ExportColumnNotFound(column, source);
            }
        }
    }

    /// <summary>Queues reports for the pipeline thread; a report that comes while the queue is being
    /// disposed (the work ended) is dropped.</summary>
    private sealed class QueuedProgress(BlockingCollection<WorkProgress> reports) : IProgress<WorkProgress>
    {
        public void Report(WorkProgress value)
        {
            try
            {
                reports.TryAdd(value);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
