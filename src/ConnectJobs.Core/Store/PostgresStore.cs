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
public sealed partial class PostgresStore : SqlStore, IConnectStore, IAsyncDisposable
{
    /// <summary>The halves' advisory lock keys (see <see cref="PostgresDatabase"/>).</summary>
    private const int ControlLock = 1;
    private const int DataLock = 2;

    private readonly NpgsqlDataSource _source;
    private readonly PostgresDatabase _control;
    private readonly PostgresDatabase _data;

    private PostgresStore(NpgsqlDataSource source, string location, string localFolder)
    {
        _source = source;
        Location = location;
        LocalFolder = localFolder;
        _control = new PostgresDatabase(source, location, ControlLock);
        _data = new PostgresDatabase(source, location, DataLock);
    }

    /// <summary>The store as <c>postgresql://user@host:port/database</c> (never a password).</summary>
    public override string Location { get; }

    /// <summary>The server's version, as it reports it.</summary>
    public string ServerVersion { get; private set; } = "";

    public int SchemaVersion => Migrations.Latest;

    public IReadOnlyList<string> Warnings => [];

    /// <summary>This host's folder for the store's files (uploads, downloads, archives, rejects,
    /// working copies): each runner host has its own, as the files are on each host's disk.</summary>
    public string LocalFolder { get; }

    public string UploadFolder => Path.Combine(LocalFolder, "files", "upload");

    public string DownloadFolder => Path.Combine(LocalFolder, "files", "download");

    public string ArchiveFolder => Path.Combine(LocalFolder, "files", "archive");

    public string RejectFolder => Path.Combine(LocalFolder, "rejects");

    public string TemporaryFolder => Path.Combine(LocalFolder, "tmp");

    /// <summary>The database's size when the store was opened.</summary>
    private long _size;

    private protected override StoreDatabase ControlHalf => _control;

    private protected override StoreDatabase DataHalf => _data;

    /// <summary>Opens the store that <paramref name="connectionString"/> names, making it in an empty
    /// database and bringing it to the current schema; a database of another program, or a store of a
    /// newer schema, is refused before anything is written.</summary>
    /// <remarks>The store's local files go to <paramref name="localFolder"/>, else to a folder of this
    /// user's data folder named after the server and database.</remarks>
    public static async Task<PostgresStore> OpenAsync(string connectionString, System.Net.NetworkCredential? credential, string? localFolder, CancellationToken cancellationToken)
    {
        var store = Create(connectionString, credential, localFolder);
        try
        {
            if (await store.ReadVersionAsync(cancellationToken).ConfigureAwait(false) != Migrations.Latest)
            {
                await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }

            store._size = await store._control.ReadAsync(c => ScalarAsync(c, null, "SELECT pg_database_size(current_database());", cancellationToken), cancellationToken).ConfigureAwait(false);
            foreach (var folder in new[] { store.UploadFolder, store.DownloadFolder, store.ArchiveFolder })
            {
                // Readable by the owner only: they hold contact files, as the database does.
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(folder);
                }
                else
                {
                    Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens an existing store of the current schema to read from, changing nothing (tab
    /// completion, the tick's probe): a database that is not one is StoreUnavailable.</summary>
    public static async Task<PostgresStore> OpenForReadingAsync(string connectionString, System.Net.NetworkCredential? credential, CancellationToken cancellationToken)
    {
        var store = Create(connectionString, credential, null);
        try
        {
            return await store.ReadVersionAsync(cancellationToken).ConfigureAwait(false) == Migrations.Latest
                ? store
                : throw new ConnectException(ErrorIds.StoreUnavailable, ErrorKind.ResourceUnavailable, store.Location,
                    string.Format(CultureInfo.CurrentCulture, Messages.StoreUnavailable, store.Location, Messages.StoreNotReadyForReading));
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static PostgresStore Create(string connectionString, System.Net.NetworkCredential? credential, string? localFolder)
    {
        var settings = PostgresLocation.Parse(connectionString, credential);
        localFolder ??= Path.Combine(StoreLocation.DefaultPath(), "postgresql", string.Join("_", new[] { settings.Host!, settings.Port.ToString(CultureInfo.InvariantCulture), settings.Database ?? settings.Username ?? "" }.Select(Safe)));
        return new PostgresStore(new NpgsqlDataSourceBuilder(settings.ConnectionString).Build(), PostgresLocation.Describe(settings), Path.GetFullPath(localFolder));
    }

    /// <summary>The store's schema version, read without a lock (the usual open, of a current store,
    /// takes none); a database of another program, or of a newer schema, is refused.</summary>
    private Task<int> ReadVersionAsync(CancellationToken cancellationToken) =>
        _control.ReadAsync(c => ReadVersionAsync(c, null, cancellationToken), cancellationToken);

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    /// <summary>Runs of this host whose process died are recorded failed, expired tables deleted, and
    /// once a day events past the retention purged.</summary>
    public async Task MaintainAsync(CancellationToken cancellationToken)
    {
        await FailDeadRunsAsync(cancellationToken).ConfigureAwait(false);
        await RemoveExpiredTablesAsync(cancellationToken).ConfigureAwait(false);
        await PurgeEventsDailyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One transaction on one connection for both halves (they are one database), holding the
    /// data half's lock (when asked) and then the control half's, in the order imports and definition
    /// changes take them.</summary>
    public override async Task<T> InOneTransactionAsync<T>(Func<Task<T>> work, bool withData, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _control.BeginSharedAsync(withData ? _data : null, cancellationToken).ConfigureAwait(false);
            _control.Share(connection);
            _data.Share(connection);
            try
            {
                var result = await work().ConfigureAwait(false);
                await StoreDatabase.EndSharedAsync(connection, commit: true, cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch
            {
                await StoreDatabase.EndSharedAsync(connection, commit: false, cancellationToken).ConfigureAwait(false);
                throw;
            }
            finally
            {
                _control.Share(null);
                _data.Share(null);
            }
        }
        catch (DbException e) when (_control.Fault(e) is { } fault)
        {
            throw fault;
        }
    }

    public StoreInfo Describe(StoreSource source) =>
        new(Location, source, SchemaVersion, Location, Location, _size, Warnings)
        {
            Provider = "PostgreSQL", Server = $"PostgreSQL {ServerVersion}",
            UploadFolder = UploadFolder, DownloadFolder = DownloadFolder, ArchiveFolder = ArchiveFolder,
        };

    private static string Safe(string part) => string.Concat(part.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_'));

    /// <summary>Brings the database to the newest schema in one transaction that holds the control
    /// half's lock (two hosts opening a new store at once: the second finds it made).</summary>
    private Task<int> MigrateAsync(CancellationToken cancellationToken) =>
        _control.WriteAsync(
            async (c, t) =>
            {
                var version = await ReadVersionAsync(c, t, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The store's schema version (and the server's); a newer schema than this module's is refused.</summary>
    private async Task<int> ReadVersionAsync(DbConnection c, DbTransaction? t, CancellationToken cancellationToken)
    {
        ServerVersion = ((NpgsqlConnection)c).PostgreSqlVersion.ToString();
        var version = await ReadStoredVersionAsync(c, t, cancellationToken).ConfigureAwait(false);
        return version > Migrations.Latest
            ? throw ConnectException.Create(ErrorIds.StoreSchemaTooNew, ErrorKind.InvalidOperation, Location, Messages.StoreSchemaTooNew, Location, version, Migrations.Latest)
            : version;
    }

    /// <summary>The version the store records: 0 for an empty database (no tables in its schema); a
    /// database whose tables are not a ConnectJobs store's is refused.</summary>
    private async Task<int> ReadStoredVersionAsync(DbConnection c, DbTransaction? t, CancellationToken cancellationToken)
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
