using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ConnectJobs.Store;

/// <summary>One SQLite file of a store: connections with the store's settings, write transactions
/// that take the write lock up front (BEGIN IMMEDIATE), and forward-only migrations.</summary>
internal sealed class SqliteDatabase : StoreDatabase
{
    /// <summary>'CJOB': marks the file as a ConnectJobs store in the SQLite header.</summary>
    internal const int ApplicationId = 0x434A4F42;

    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);
    private readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        FilePath = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    public string FilePath { get; }

    public override string Name => FilePath;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // FULL: in WAL mode NORMAL may lose the last commits on a power cut; a committed run
            // must stay committed. The busy timeout lets overlapping scheduled runs wait their turn.
            await ExecuteAsync(connection, null, $"PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds};", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A damaged file (SQLITE_CORRUPT, SQLITE_NOTADB), a full disk (SQLITE_FULL) or an I/O
    /// error (SQLITE_IOERR): faults of the file or the machine, not of the statement.</summary>
    public static bool IsFault(SqliteException e) => (e.SqliteErrorCode & 0xFF) is 10 or 11 or 13 or 26;

    /// <summary>The fault as the user can act on it: which file, and what is wrong with it.</summary>
    public ConnectException Fault(SqliteException e) => (e.SqliteErrorCode & 0xFF) switch
    {
        11 or 26 => new ConnectException(ErrorIds.StoreCorrupt, ErrorKind.InvalidData, FilePath, string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.StoreCorrupt, FilePath, e.Message), e),
        13 => IoFaults.DiskFull(FilePath, e),
        _ => new ConnectException(ErrorIds.StoreUnavailable, ErrorKind.ResourceUnavailable, FilePath, string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.StoreUnavailable, FilePath, e.Message), e),
    };

    public async Task<SqliteConnection> OpenFileAsync(CancellationToken cancellationToken) =>
        (SqliteConnection)await OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary><see cref="StoreDatabase.ReadAsync"/> for the SQLite-only parts of the store (bulk
    /// paths through <see cref="RawStatement"/>, SQLite's own SQL).</summary>
    public Task<T> ReadFileAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken) =>
        ReadAsync(c => work((SqliteConnection)c), cancellationToken);

    /// <summary><see cref="StoreDatabase.WriteAsync"/> for the SQLite-only parts of the store.</summary>
    public Task<T> WriteFileAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync((c, t) => work((SqliteConnection)c, (SqliteTransaction)t), cancellationToken);

    internal static Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken) =>
        StoreDatabase.ExecuteAsync(connection, transaction, sql, cancellationToken);

    internal static Task<long> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        StoreDatabase.ScalarAsync(connection, transaction, sql, cancellationToken, parameters);

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters) =>
        (SqliteCommand)StoreDatabase.Command(connection, transaction, sql, parameters);

    protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <summary>BEGIN IMMEDIATE: the write lock is taken when the transaction begins, so two writers
    /// queue (up to the busy timeout) instead of failing half-way with SQLITE_BUSY.</summary>
    protected override string BeginWriteSql => "BEGIN IMMEDIATE;";

    public override ConnectException? Fault(DbException exception) => exception is SqliteException e && IsFault(e) ? Fault(e) : null;

    /// <summary>Brings the file to the newest schema. A file of a newer schema, or one that is not a
    /// ConnectJobs store, is refused before anything is written to it.</summary>
    public async Task<int> MigrateAsync(IReadOnlyList<string> migrations, string storePath, CancellationToken cancellationToken)
    {
        try
        {
            return await MigrateFileAsync(migrations, storePath, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (IsFault(e))
        {
            throw Fault(e);
        }
    }

    private async Task<int> MigrateFileAsync(IReadOnlyList<string> migrations, string storePath, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var version = await CheckVersionAsync(connection, null, migrations.Count, storePath, cancellationToken).ConfigureAwait(false);
        if (version == migrations.Count)
        {
            return version;
        }

        // WAL lets readers (job lists, run history) go on while a long import writes.
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        await using var transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);

        // Another process may have migrated while this one waited for the lock.
        version = await CheckVersionAsync(connection, transaction, migrations.Count, storePath, cancellationToken).ConfigureAwait(false);
        for (var next = version; next < migrations.Count; next++)
        {
            if (migrations[next].Length > 0)
            {
                await ExecuteAsync(connection, transaction, migrations[next], cancellationToken).ConfigureAwait(false);
            }
        }

        await ExecuteAsync(connection, transaction, $"PRAGMA application_id={ApplicationId}; PRAGMA user_version={migrations.Count};", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return migrations.Count;
    }

    /// <summary>The file's schema version, read without writing anything; a file of a newer schema than
    /// <paramref name="latest"/>, or one that is not a ConnectJobs store, is refused.</summary>
    public async Task<int> ReadVersionAsync(int latest, string storePath, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await CheckVersionAsync(connection, null, latest, storePath, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (IsFault(e))
        {
            throw Fault(e);
        }
    }

    /// <summary>A consistent copy of the file (its write-ahead log included) at <paramref name="path"/>,
    /// taken while other processes may be writing (VACUUM INTO reads one snapshot).</summary>
    public async Task CopyToAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, null, "VACUUM INTO $path;", ("$path", path));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (IsFault(e))
        {
            throw Fault(e);
        }
    }

    /// <summary>Whether the file exists and is a ConnectJobs store file at exactly this schema, read
    /// without writing anything (no migration, no journal mode change).</summary>
    public async Task<bool> IsCurrentAsync(int latest, string storePath, CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            return false;
        }

        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await CheckVersionAsync(connection, null, latest, storePath, cancellationToken).ConfigureAwait(false) == latest;
        }
        catch (SqliteException e) when (IsFault(e))
        {
            throw Fault(e);
        }
    }

    private async Task<int> CheckVersionAsync(DbConnection connection, DbTransaction? transaction, int latest, string storePath, CancellationToken cancellationToken)
    {
        // One statement, so that the three values come from one snapshot: read one by one, another
        // process's first migration could commit in between and make a new store look foreign.
        int version;
        bool isForeign;
        await using (var command = Command(connection, transaction,
            "SELECT (SELECT user_version FROM pragma_user_version), (SELECT application_id FROM pragma_application_id), (SELECT count(*) FROM sqlite_master);"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            version = reader.GetInt32(0);
            var applicationId = reader.GetInt64(1);
            isForeign = applicationId != 0 ? applicationId != ApplicationId : reader.GetInt64(2) > 0;
        }

        if (isForeign)
        {
            throw ConnectException.Create(ErrorIds.NotAConnectStore, ErrorKind.InvalidData, FilePath, Messages.NotAConnectStore, FilePath);
        }

        if (version > latest)
        {
            throw ConnectException.Create(ErrorIds.StoreSchemaTooNew, ErrorKind.InvalidOperation, storePath, Messages.StoreSchemaTooNew, storePath, version, latest);
        }

        return version;
    }
}
