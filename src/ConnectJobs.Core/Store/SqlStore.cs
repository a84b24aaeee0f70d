namespace ConnectJobs.Store;

/// <summary>What a store keeps in SQL the same way on every provider: job definitions, runs and their
/// logs, schedules and the tick's claims, groups, stops, connections, the file ledger and feed
/// positions (the concerns of the control database). <see cref="SqliteStore"/> and
/// <see cref="PostgresStore"/> derive from it, supplying the database and their own halves of lists,
/// tables, imports, exports and events, where the providers' SQL and bulk paths differ.</summary>
public abstract partial class SqlStore : IJobStore, IScheduleStore, IGroupStore, IConnectionStore, ILedgerStore, IFeedStore
{
    private protected SqlStore()
    {
    }

    /// <summary>Where definitions, runs, logs, the ledger and secrets are kept.</summary>
    private protected abstract StoreDatabase ControlHalf { get; }

    /// <summary>Where lists, tables, their records, filters and events are kept.</summary>
    private protected abstract StoreDatabase DataHalf { get; }

    /// <summary>Where the store is: its folder, or its server and database (never a password).</summary>
    public abstract string Location { get; }

    /// <inheritdoc cref="IConnectStore.InOneTransactionAsync"/>
    public abstract Task<T> InOneTransactionAsync<T>(Func<Task<T>> work, bool withData, CancellationToken cancellationToken);

    private protected static string Now() => Data.ValueConverter.FormatTimestamp(DateTime.UtcNow);
}
