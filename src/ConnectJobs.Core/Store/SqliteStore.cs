using Microsoft.Data.Sqlite;
using static ConnectJobs.Store.SqliteDatabase;

namespace ConnectJobs.Store;

/// <summary>The embedded store: a folder that holds <c>control.db</c> and <c>data.db</c>.</summary>
public sealed partial class SqliteStore : SqlStore, IConnectStore
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

    public override string Location { get; }

    private protected override StoreDatabase ControlHalf => _control;

    private protected override StoreDatabase DataHalf => _data;

    public int SchemaVersion => Migrations.Latest;

    public IReadOnlyList<string> Warnings { get; }

    public string ControlDatabase => _control.FilePath;

    public string DataDatabase => _data.FilePath;

    /// <summary>Opens the store for work: <see cref="OpenUnmaintainedAsync"/>, then <see cref="MaintainAsync"/>.</summary>
    public static async Task<SqliteStore> OpenAsync(string folder, CancellationToken cancellationToken)
    {
        var store = await OpenUnmaintainedAsync(folder, cancellationToken).ConfigureAwait(false);
        await store.MaintainAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <summary>Store maintenance, an explicit step of opening for work: the runs of this host whose
    /// process is gone are recorded failed (ProcessDied), expired extension tables are deleted, and
    /// once a day events past the retention are purged.</summary>
    public async Task MaintainAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FailDeadRunsAsync(cancellationToken).ConfigureAwait(false);
            await RemoveExpiredTablesAsync(cancellationToken).ConfigureAwait(false);
            await PurgeEventsDailyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (!SqliteDatabase.IsFault(e))
        {
            throw new ConnectException(ErrorIds.StoreUnavailable, ErrorKind.ResourceUnavailable, Location, string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.StoreUnavailable, Location, e.Message), e);
        }
    }

    /// <summary>Opens the store in <paramref name="folder"/>, creating it when it does not exist and
    /// bringing an older schema up to date, without maintenance: what reads and definitions need. A
    /// store of a newer schema is refused unchanged.</summary>
    public static async Task<SqliteStore> OpenUnmaintainedAsync(string folder, CancellationToken cancellationToken)
    {
        folder = Path.GetFullPath(folder);
        try
        {
            // The store holds contact data and run logs: only its owner may read it (Windows gives a
            // new folder under the profile to its owner already).
            if (!Directory.Exists(folder) && !OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConnectException(ErrorIds.StoreUnavailable, ErrorKind.ResourceUnavailable, folder, string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.StoreUnavailable, folder, e.Message), e);
        }

        var network = NetworkFileSystem.Detect(folder);
        var warnings = network is null
            ? Array.Empty<string>()
            : [string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.StoreOnNetworkShare, folder, network)];
        var store = new SqliteStore(folder, warnings);
        store.CheckControlFile();
        var isNew = !File.Exists(store.ControlDatabase);
        try
        {
            // Both files carry the same version and control.db is checked first, so a store written by
            // a newer version is refused before anything in it is written.
            // Version 0 is a store that another process is making at this moment: nothing to keep.
            var from = isNew ? 0 : await store._control.ReadVersionAsync(Migrations.Latest, folder, cancellationToken).ConfigureAwait(false);
            if (from > 0 && from < Migrations.Latest)
            {
                await store.BackUpAsync(from, cancellationToken).ConfigureAwait(false);
            }

            await store._control.MigrateAsync(Migrations.Control, folder, cancellationToken).ConfigureAwait(false);
            await store.CheckDataFileAsync(cancellationToken).ConfigureAwait(false);
            await store._data.MigrateAsync(Migrations.Data, folder, cancellationToken).ConfigureAwait(false);
            await store.MarkDataFileAsync(cancellationToken).ConfigureAwait(false);
            if (isNew && !OperatingSystem.IsWindows())
            {
                // SQLite gives its -wal and -shm files the mode of the database file.
                foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*.db*"))
                {
                    file.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }
            }

            store.CreateFileFolders();
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (!SqliteDatabase.IsFault(e))
        {
            throw new ConnectException(ErrorIds.StoreUnavailable, ErrorKind.ResourceUnavailable, folder, string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.StoreUnavailable, folder, e.Message), e);
        }

        return store;
    }

    /// <summary>Before the first migration of an older store, a copy of both files as they were, in
    /// <c>backups/schema-N</c> (N its version), so that going back to the older module is a copy away.
    /// One copy per old version: a process that finds it made already (by another process opening the
    /// store at the same moment) leaves it.</summary>
    private async Task BackUpAsync(int version, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Location, "backups", "schema-" + version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Directory.Exists(folder))
        {
            return;
        }

        var building = folder + ".partial-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(building);
        }
        else
        {
            Directory.CreateDirectory(building, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        foreach (var database in new[] { _control, _data }.Where(d => File.Exists(d.FilePath)))
        {
            await database.CopyToAsync(Path.Combine(building, Path.GetFileName(database.FilePath)), cancellationToken).ConfigureAwait(false);
        }

        try
        {
            Directory.Move(building, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            Directory.Delete(building, recursive: true);
        }
    }

    // A store's two files belong together: one that is there while the other is missing or emptied
    // (truncated, deleted by hand) is damaged. Creating the missing one afresh would leave jobs
    // pointing at lists that no longer exist (or lists that no job knows), so that is refused.

    /// <summary>Refuses a ConnectJobs data file whose control file is missing or empty (the data file
    /// is made after the control file, so no store being created looks like this).</summary>
    private void CheckControlFile()
    {
        if (!HasContent(ControlDatabase) && HasContent(DataDatabase) && IsConnectFile(DataDatabase))
        {
            throw ConnectException.Create(ErrorIds.StoreDamaged, ErrorKind.InvalidData, ControlDatabase, Messages.StoreDamaged, Location, ControlDatabase, DataDatabase);
        }
    }

    /// <summary>Refuses a missing or empty data file once the control file has recorded that it was made.</summary>
    private async Task CheckDataFileAsync(CancellationToken cancellationToken)
    {
        var made = await _control.ReadFileAsync(c => ScalarAsync(c, null, "SELECT count(*) FROM store_info WHERE key = 'data_file';", cancellationToken), cancellationToken).ConfigureAwait(false);
        if (made > 0 && !HasContent(DataDatabase))
        {
            throw ConnectException.Create(ErrorIds.StoreDamaged, ErrorKind.InvalidData, DataDatabase, Messages.StoreDamaged, Location, DataDatabase, ControlDatabase);
        }
    }

    private Task<long> MarkDataFileAsync(CancellationToken cancellationToken) =>
        _control.WriteFileAsync((c, t) => ScalarAsync(c, t, "INSERT OR IGNORE INTO store_info (key, value) VALUES ('data_file', strftime('%Y-%m-%d %H:%M:%f', 'now'));", cancellationToken), cancellationToken);

    // Until a checkpoint, what was committed may be only in the write-ahead log.
    private static bool HasContent(string path) => new FileInfo(path) is { Exists: true, Length: > 0 } || new FileInfo(path + "-wal") is { Exists: true, Length: > 0 };

    /// <summary>Whether the SQLite header carries ConnectJobs' application id (bytes 68-71, big-endian).</summary>
    private static bool IsConnectFile(string path)
    {
        Span<byte> header = stackalloc byte[72];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length
            && System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header[68..]) == SqliteDatabase.ApplicationId;
    }

    /// <summary>Opens an existing store of the current schema to read from, and changes nothing: no
    /// store is made, migrated or maintained (no dead runs failed, no expired tables removed). What
    /// tab completion uses: a keystroke must never write. Anything else is StoreUnavailable.</summary>
    public static async Task<SqliteStore> OpenForReadingAsync(string folder, CancellationToken cancellationToken)
    {
        var store = new SqliteStore(Path.GetFullPath(folder), []);
        return await store._control.IsCurrentAsync(Migrations.Latest, store.Location, cancellationToken).ConfigureAwait(false)
            && await store._data.IsCurrentAsync(Migrations.Latest, store.Location, cancellationToken).ConfigureAwait(false)
            ? store
            : throw new ConnectException(ErrorIds.StoreUnavailable, ErrorKind.ResourceUnavailable, store.Location,
                string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.StoreUnavailable, store.Location, Messages.StoreNotReadyForReading));
    }

    /// <summary>Where files arrive for import jobs that name no connection and no folder.</summary>
    public string UploadFolder => Path.Combine(Location, "files", "upload");

    /// <summary>Where export jobs that name no connection and no folder deliver.</summary>
    public string DownloadFolder => Path.Combine(Location, "files", "download");

    /// <summary>Where import jobs that read from <see cref="UploadFolder"/> archive their files.</summary>
    public string ArchiveFolder => Path.Combine(Location, "files", "archive");

    public string RejectFolder => Path.Combine(Location, "rejects");

    public string TemporaryFolder => Path.Combine(Location, "tmp");

    /// <summary>The data file's lock is taken first, as an import that logs while it merges takes them,
    /// so the two never wait for each other; the data file commits first too: were the control file's
    /// commit then to fail, lists made for the definitions would stay, but no job would name a list
    /// that is not there.</summary>
    public override async Task<T> InOneTransactionAsync<T>(Func<Task<T>> work, bool withData, CancellationToken cancellationToken)
    {
        try
        {
            await using var data = withData ? await _data.BeginSharedAsync(cancellationToken).ConfigureAwait(false) : null;
            await using var control = await _control.BeginSharedAsync(cancellationToken).ConfigureAwait(false);
            _data.Share(data);
            _control.Share(control);
            var dataCommitted = data is null;
            try
            {
                var result = await work().ConfigureAwait(false);
                if (data is not null)
                {
                    await SqliteDatabase.EndSharedAsync(data, commit: true, cancellationToken).ConfigureAwait(false);
                    dataCommitted = true;
                }

                await SqliteDatabase.EndSharedAsync(control, commit: true, cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch
            {
                if (!dataCommitted)
                {
                    await SqliteDatabase.EndSharedAsync(data!, commit: false, cancellationToken).ConfigureAwait(false);
                }

                await SqliteDatabase.EndSharedAsync(control, commit: false, cancellationToken).ConfigureAwait(false);
                throw;
            }
            finally
            {
                _data.Share(null);
                _control.Share(null);
            }
        }
        catch (SqliteException e) when (SqliteDatabase.IsFault(e))
        {
            throw _control.Fault(e);
        }
        catch (SqliteException e) when ((e.SqliteErrorCode & 0xFF) is 5 or 6)
        {
            // SQLITE_BUSY or SQLITE_LOCKED: the lock did not come within the busy timeout: another process holds it (a merge that
            // takes longer). Nothing was changed; the apply can be run again.
            throw new ConnectException(ErrorIds.StoreUnavailable, ErrorKind.ResourceUnavailable, Location, string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.StoreUnavailable, Location, e.Message), e);
        }
    }

    public StoreInfo Describe(StoreSource source)
    {
        // The WAL and shared-memory files hold committed data too until a checkpoint.
        var size = new DirectoryInfo(Location).EnumerateFiles("*.db*").Sum(f => f.Length);
        return new StoreInfo(Location, source, SchemaVersion, ControlDatabase, DataDatabase, size, Warnings)
        {
            Server = "SQLite " + SQLitePCL.raw.sqlite3_libversion().utf8_to_string(),
            UploadFolder = UploadFolder, DownloadFolder = DownloadFolder, ArchiveFolder = ArchiveFolder,
        };
    }

    /// <summary>Makes the default file server folders that are missing, readable by the owner only
    /// (they hold contact files as the store does).</summary>
    private void CreateFileFolders()
    {
        foreach (var folder in new[] { UploadFolder, DownloadFolder, ArchiveFolder }.Where(f => !Directory.Exists(f)))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(folder)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }
}
