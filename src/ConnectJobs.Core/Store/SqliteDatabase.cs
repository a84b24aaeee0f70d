using Microsoft.Data.Sqlite;

namespace ConnectJobs.Store;

/// <summary>One SQLite file of a store: connections with the store's settings, write transactions
/// that take the write lock up front, and forward-only migrations.</summary>
internal sealed class SqliteDatabase
{
    /// <summary>'CJOB': marks the file as a ConnectJobs store in the SQLite header.</summary>
    internal const int ApplicationId = 0x434A4F42;

    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);
    private readonly string _connectionString;

    /// <summary>The connection of a shared transaction under way in this async flow (see
    /// <see cref="Share"/>): every read and write of the flow goes through it.</summary>
    private readonly AsyncLocal<SqliteConnection?> _shared = new();

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

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
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

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        if (_shared.Value is { } shared)
        {
            return await work(shared).ConfigureAwait(false);
        }

        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await work(connection).ConfigureAwait(false);
        }
        catch (SqliteException e) when (IsFault(e))
        {
            throw Fault(e);
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

    /// <summary>Runs <paramref name="work"/> in a transaction that takes the write lock when it
    /// begins (BEGIN IMMEDIATE), so two writers queue instead of failing half-way with SQLITE_BUSY.
    /// Nothing is committed unless the work completes.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        if (_shared.Value is { } shared)
        {
            // The transaction was begun as SQL (see BeginSharedAsync), so that the reads' commands,
            // which name no transaction, run in it too; the writes' commands name none either.
            return await work(shared, null!).ConfigureAwait(false);
        }

        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (SqliteException e) when (IsFault(e))
        {
            throw Fault(e);
        }
    }

    /// <summary>Opens a connection and begins a transaction on it that takes the write lock up front,
    /// as SQL rather than as a <see cref="SqliteTransaction"/>, so that the commands of reads (which
    /// name no transaction) run in it too. See <see cref="Share"/>.</summary>
    public async Task<SqliteConnection> BeginSharedAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, null, "BEGIN IMMEDIATE;", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>From here on in this async flow, every read and write of this file goes through
    /// <paramref name="connection"/> (begun by <see cref="BeginSharedAsync"/>); null ends that. A
    /// synchronous method, so that the setting holds in the caller's flow.</summary>
    public void Share(SqliteConnection? connection) => _shared.Value = connection;

    /// <summary>Ends the shared transaction: committed, or rolled back (quietly when SQLite rolled it
    /// back already, as a full disk or an I/O error does: the error that did it is the one to report).</summary>
    public static async Task EndSharedAsync(SqliteConnection connection, bool commit, CancellationToken cancellationToken)
    {
        if (commit)
        {
            await ExecuteAsync(connection, null, "COMMIT;", cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await ExecuteAsync(connection, null, "ROLLBACK;", CancellationToken.None).ConfigureAwait(false);
        }
        catch (SqliteException)
        {
        }
    }

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
        await using var transaction = connection.BeginTransaction(deferred: false);

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

    internal static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<long> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private async Task<int> CheckVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, int latest, string storePath, CancellationToken cancellationToken)
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
