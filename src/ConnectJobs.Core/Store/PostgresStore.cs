using System.Data.Common;
using System.Globalization;
using Npgsql;
using static ConnectJobs.Store.StoreDatabase;

namespace ConnectJobs.Store;

/// <summary>A store in a PostgreSQL database, which several runner hosts share: the same definitions,
/// runs and rules as <see cref="SqliteStore"/> through the same SQL (<see cref="SqlStore"/>), with the
/// database's own locks keeping writers in turn across hosts.</summary>
/// <remarks>Not chosen by any cmdlet yet: imports, exports and events follow. Until then it holds the
/// control half (jobs and runs, schedules and claims, groups, stops, connections, the ledger and feed
/// positions) and lists, tables, records and filters.</remarks>
public sealed partial class PostgresStore : SqlStore, IAsyncDisposable
{
    /// <summary>The halves' advisory lock keys (see <see cref="PostgresDatabase"/>).</summary>
    private const int ControlLock = 1;
    private const int DataLock = 2;

    private readonly NpgsqlDataSource _source;
    private readonly PostgresDatabase _control;
    private readonly PostgresDatabase _data;

    private PostgresStore(NpgsqlDataSource source, string location)
    {
        _source = source;
        Location = location;
        _control = new PostgresDatabase(source, location, ControlLock);
        _data = new PostgresDatabase(source, location, DataLock);
    }

    /// <summary>The store as <c>postgresql://user@host:port/database</c> (never a password).</summary>
    public string Location { get; }

    /// <summary>The server's version, as it reports it.</summary>
    public string ServerVersion { get; private set; } = "";

    private protected override StoreDatabase ControlHalf => _control;

    private protected override StoreDatabase DataHalf => _data;

    /// <summary>Opens the store that <paramref name="connectionString"/> names, making it in an empty
    /// database and bringing it to the current schema; a database of another program, or a store of a
    /// newer schema, is refused before anything is written.</summary>
    public static async Task<PostgresStore> OpenAsync(string connectionString, System.Net.NetworkCredential? credential, CancellationToken cancellationToken)
    {
        var settings = PostgresLocation.Parse(connectionString, credential);
        var store = new PostgresStore(new NpgsqlDataSourceBuilder(settings.ConnectionString).Build(), PostgresLocation.Describe(settings));
        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    /// <summary>Brings the database to the newest schema in one transaction that holds the control
    /// half's lock (two hosts opening a new store at once: the second finds it made).</summary>
    private Task<int> MigrateAsync(CancellationToken cancellationToken) =>
        _control.WriteAsync(
            async (c, t) =>
            {
                ServerVersion = ((NpgsqlConnection)c).PostgreSqlVersion.ToString();
                var version = await ReadVersionAsync(c, t, cancellationToken).ConfigureAwait(false);
                if (version > Migrations.Latest)
                {
                    throw ConnectException.Create(ErrorIds.StoreSchemaTooNew, ErrorKind.InvalidOperation, Location, Messages.StoreSchemaTooNew, Location, version, Migrations.Latest);
                }

                for (var next = version; next < Migrations.Latest; next++)
                {
                    if (Migrations.Postgres[next].Length > 0)
                    {
                        await ExecuteAsync(c, t, Migrations.Postgres[next], cancellationToken).ConfigureAwait(false);
                    }
                }

                await using var mark = Command(c, t, "INSERT INTO store_info (key, value) VALUES ('schema_version', $version) ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
                    ("$version", Migrations.Latest.ToString(CultureInfo.InvariantCulture)));
                return await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>The store's schema version: 0 for an empty database (no tables in its schema); a
    /// database whose tables are not a ConnectJobs store's is refused.</summary>
    private async Task<int> ReadVersionAsync(DbConnection c, DbTransaction t, CancellationToken cancellationToken)
    {
        if (await ScalarAsync(c, t, "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema();", cancellationToken).ConfigureAwait(false) == 0)
        {
            return 0;
        }

        if (await ScalarAsync(c, t, "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'store_info';", cancellationToken).ConfigureAwait(false) == 1)
        {
            await using var query = Command(c, t, "SELECT (SELECT value FROM store_info WHERE key = 'application'), (SELECT value FROM store_info WHERE key = 'schema_version');");
            await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && !reader.IsDBNull(0) && reader.GetString(0) == "ConnectJobs" && !reader.IsDBNull(1))
            {
                return int.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
            }
        }

        throw ConnectException.Create(ErrorIds.NotAConnectStore, ErrorKind.InvalidData, Location, Messages.NotAConnectDatabase, Location);
    }
}
