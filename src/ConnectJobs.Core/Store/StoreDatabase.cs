using System.Data.Common;

namespace ConnectJobs.Store;

/// <summary>One database of a store as the store's shared code sees it, whatever the provider (a
/// SQLite file, a PostgreSQL database): reads, write transactions that hold the database's write lock
/// from their start (so writers queue rather than interleave, on every provider alike), and the shared
/// transaction of <see cref="IConnectStore.InOneTransactionAsync"/>. SQL written for it is the common
/// subset of both providers: named parameters (<c>$name</c>), booleans as TRUE/FALSE and bare
/// conditions, <c>IS DISTINCT FROM</c>, <c>RETURNING</c>, <c>ON CONFLICT</c>.</summary>
internal abstract class StoreDatabase
{
    /// <summary>The connection of a shared transaction under way in this async flow (see
    /// <see cref="Share"/>): every read and write of the flow goes through it.</summary>
    private readonly AsyncLocal<DbConnection?> _shared = new();

    /// <summary>What the user knows the database by in an error: a file, or a server and database.</summary>
    public abstract string Name { get; }

    /// <summary>A new open connection with the store's settings.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Begins a transaction that holds the database's write lock from its start.</summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The SQL that begins, on a plain connection, what <see cref="BeginWriteAsync"/> begins.</summary>
    protected abstract string BeginWriteSql { get; }

    /// <summary>A fault of the database, its machine or its server (damaged, disk full, unreachable),
    /// as the user can act on it; null for an error of the statement.</summary>
    public abstract ConnectException? Fault(DbException exception);

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
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
        catch (DbException e) when (Fault(e) is { } fault)
        {
            throw fault;
        }
    }

    /// <summary>Runs <paramref name="work"/> in a write transaction; nothing is committed unless the
    /// work completes.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
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
            await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            var result = await work(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (DbException e) when (Fault(e) is { } fault)
        {
            throw fault;
        }
    }

    /// <summary>Opens a connection and begins a write transaction on it as SQL rather than as a
    /// <see cref="DbTransaction"/>, so that the commands of reads (which name no transaction) run in
    /// it too. See <see cref="Share"/>.</summary>
    public async Task<DbConnection> BeginSharedAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, null, BeginWriteSql, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>From here on in this async flow, every read and write of this database goes through
    /// <paramref name="connection"/> (begun by <see cref="BeginSharedAsync"/>); null ends that. A
    /// synchronous method, so that the setting holds in the caller's flow.</summary>
    public void Share(DbConnection? connection) => _shared.Value = connection;

    /// <summary>Ends the shared transaction: committed, or rolled back (quietly when the database
    /// rolled it back already, as a full disk or a lost server does: the error that did it is the one
    /// to report).</summary>
    public static async Task EndSharedAsync(DbConnection connection, bool commit, CancellationToken cancellationToken)
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
        catch (DbException)
        {
        }
    }

    internal static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<long> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A command with named parameters written <c>$name</c> (SQLite's form). For PostgreSQL the
    /// names are sent as <c>@name</c>, which Npgsql knows; see <see cref="PostgresDatabase"/>.</summary>
    internal static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = connection is Npgsql.NpgsqlConnection ? PostgresDatabase.Placeholders(sql) : sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = ParameterName(connection, name);
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>A parameter's name as the connection's provider binds it (<c>$name</c> for SQLite, <c>@name</c> for Npgsql).</summary>
    internal static string ParameterName(DbConnection connection, string name) =>
        connection is Npgsql.NpgsqlConnection ? "@" + name.TrimStart('$') : "$" + name.TrimStart('$');
}
