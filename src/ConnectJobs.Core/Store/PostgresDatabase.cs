using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace ConnectJobs.Store;

/// <summary>A PostgreSQL store's database as one of its two halves (control or data, as SQLite has
/// two files): both halves are the same database, each with its own write lock, an advisory lock held
/// to the end of the transaction. So writers of one half queue as they do on a SQLite file, across
/// processes and hosts, and an import merging into a list never waits for a job definition's change.</summary>
internal sealed partial class PostgresDatabase : StoreDatabase
{
    /// <summary>'CJOB', as the SQLite files carry it: the first key of the store's advisory locks.</summary>
    private const int LockSpace = SqliteDatabase.ApplicationId;

    /// <summary>As long as a SQLite writer waits for the lock before it gives up (its busy timeout).</summary>
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private readonly NpgsqlDataSource _source;
    private readonly int _half;

    public PostgresDatabase(NpgsqlDataSource source, string name, int half)
    {
        _source = source;
        Name = name;
        _half = half;
    }

    /// <summary>The server and database, as <c>host:port/database</c>.</summary>
    public override string Name { get; }

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, transaction, LockSql, cancellationToken).ConfigureAwait(false);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override string BeginWriteSql => "BEGIN; " + LockSql;

    /// <summary>A shared transaction (see <see cref="StoreDatabase.BeginSharedAsync"/>) that holds
    /// <paramref name="first"/>'s lock (when given) and then this half's.</summary>
    public async Task<DbConnection> BeginSharedAsync(PostgresDatabase? first, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, null, "BEGIN; " + first?.LockSql + LockSql, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Takes this half's write lock in a transaction begun without it (an import, which
    /// stages its rows first and locks only to merge them).</summary>
    public Task LockAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, LockSql, cancellationToken);

    private string LockSql => string.Create(CultureInfo.InvariantCulture,
        $"SET LOCAL lock_timeout = '{(int)LockTimeout.TotalMilliseconds}ms'; SELECT pg_advisory_xact_lock({LockSpace}, {_half});");

    /// <summary>Faults of the server or its connection, not of the statement: the server unreachable
    /// or gone (class 08, 57P), the login refused (28), no lock within the timeout (55P03), a full disk
    /// (53100), damaged data (XX001, XX002).</summary>
    public override ConnectException? Fault(DbException exception) => exception switch
    {
        PostgresException { SqlState: "53100" } e => IoFaults.DiskFull(Name, e),
        PostgresException { SqlState: "XX001" or "XX002" } e =>
            ConnectException.Create(ErrorIds.StoreCorrupt, ErrorKind.InvalidData, Name, Messages.StoreCorrupt, Name, e.MessageText),
        PostgresException { SqlState: var state } e when state.StartsWith("28", StringComparison.Ordinal) =>
            new ConnectException(ErrorIds.StoreLoginFailed, ErrorKind.PermissionDenied, Name, string.Format(CultureInfo.CurrentCulture, Messages.StoreLoginFailed, Name, e.MessageText), e),
        PostgresException { SqlState: var state } e when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal) || state == "55P03" => Unavailable(e),
        PostgresException => null,
        NpgsqlException e => Unavailable(e),
        _ => null,
    };

    private ConnectException Unavailable(Exception e) =>
        new(ErrorIds.StoreUnavailable, ErrorKind.ResourceUnavailable, Name, string.Format(CultureInfo.CurrentCulture, Messages.StoreUnavailable, Name, e is PostgresException p ? p.MessageText : e.Message), e);

    /// <summary>The store's SQL names its parameters <c>$name</c>, as SQLite knows them; Npgsql knows
    /// <c>@name</c>. String literals (JSON paths such as <c>'$.ExpectedBy'</c>) are left alone.</summary>
    public static string Placeholders(string sql) =>
        ParameterOrLiteral().Replace(sql, m => m.Groups[1].Success ? "@" + m.Groups[1].Value : m.Value);

    [GeneratedRegex(@"'(?:[^']|'')*'|\$([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ParameterOrLiteral();
}
