namespace ConnectJobs.Store;

/// <summary>The embedded store: a folder that holds <c>control.db</c> and <c>data.db</c>.</summary>
public sealed partial class SqliteStore : IConnectStore
{
    public const string ControlFileName = "control.db";
    public const string DataFileName = "data.db";

    private readonly SqliteDatabase _control;
    private readonly SqliteDatabase _data;

    private SqliteStore(string folder, IReadOnlyList<string> warnings)
    {
        Location = folder;
        Warnings = warnings;
        _control = new SqliteDatabase(Path.Combine(folder, ControlFileName));
        _data = new SqliteDatabase(Path.Combine(folder, DataFileName));
    }

    public string Location { get; }

    public int SchemaVersion => Migrations.Latest;

    public IReadOnlyList<string> Warnings { get; }

    public string ControlDatabase => _control.FilePath;

    public string DataDatabase => _data.FilePath;

    /// <summary>Opens the store in <paramref name="folder"/>, creating it when it does not exist and
    /// bringing an older schema up to date. A store of a newer schema is refused unchanged.</summary>
    public static async Task<SqliteStore> OpenAsync(string folder, CancellationToken cancellationToken)
    {
        folder = Path.GetFullPath(folder);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConnectException("StoreUnavailable", ErrorKind.ResourceUnavailable, folder, string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.StoreUnavailable, folder, e.Message), e);
        }

        var network = NetworkFileSystem.Detect(folder);
        var warnings = network is null
            ? Array.Empty<string>()
            : [string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.StoreOnNetworkShare, folder, network)];
        var store = new SqliteStore(folder, warnings);
        try
        {
            // Both files carry the same version and control.db is checked first, so a store written by
            // a newer version is refused before anything in it is written.
            await store._control.MigrateAsync(Migrations.Control, folder, cancellationToken).ConfigureAwait(false);
            await store._data.MigrateAsync(Migrations.Data, folder, cancellationToken).ConfigureAwait(false);
            await store.FailDeadRunsAsync(cancellationToken).ConfigureAwait(false);
            await store.RemoveExpiredTablesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            throw new ConnectException("StoreUnavailable", ErrorKind.ResourceUnavailable, folder, string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.StoreUnavailable, folder, e.Message), e);
        }

        return store;
    }

    public StoreInfo Describe(StoreSource source)
    {
        // The WAL and shared-memory files hold committed data too until a checkpoint.
        var size = new DirectoryInfo(Location).EnumerateFiles("*.db*").Sum(f => f.Length);
        return new StoreInfo(Location, source, SchemaVersion, ControlDatabase, DataDatabase, size, Warnings);
    }
}
