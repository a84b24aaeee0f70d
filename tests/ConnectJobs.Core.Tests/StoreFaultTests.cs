using ConnectJobs.Import;
using ConnectJobs.Store;
using Microsoft.Data.Sqlite;

namespace ConnectJobs.Core.Tests;

/// <summary>Damaged stores and full disks: refused or failed with an error that names the file and
/// says what is wrong, never re-created silently, never leaving partial files behind.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Trait("Category", TestCategory.Server)]
public sealed class StoreFaultTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cj-fault-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static async Task<SqliteStore> StoreWithAListAsync(string folder)
    {
        var store = await SqliteStore.OpenAsync(folder, CancellationToken.None);
        await store.CreateListAsync("Contacts", null, [], CancellationToken.None);
        SqliteConnection.ClearAllPools();
        return store;
    }

    [Theory]
    [InlineData(SqliteStore.DataFileName, false)]
    [InlineData(SqliteStore.DataFileName, true)]
    [InlineData(SqliteStore.ControlFileName, true)]
    public async Task A_store_with_one_file_missing_or_emptied_is_refused_and_not_re_created(string file, bool truncate)
    {
        await StoreWithAListAsync(_folder);
        var path = Path.Combine(_folder, file);
        foreach (var part in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
        {
            if (truncate && part == path)
            {
                File.WriteAllBytes(part, []);
            }
            else
            {
                File.Delete(part);
            }
        }

        var refused = await Assert.ThrowsAsync<ConnectException>(() => SqliteStore.OpenAsync(_folder, CancellationToken.None));

        Assert.Equal(("StoreDamaged", ErrorKind.InvalidData, path), (refused.ErrorId, refused.Kind, refused.Target));
        Assert.Contains(path, refused.Message);
        Assert.Equal(truncate, File.Exists(path));
        Assert.True(!File.Exists(path) || new FileInfo(path).Length == 0);
    }

    [Fact]
    public async Task A_corrupt_database_file_is_StoreCorrupt_with_its_path()
    {
        await StoreWithAListAsync(_folder);
        var path = Path.Combine(_folder, SqliteStore.DataFileName);
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes("this is not a SQLite database at all, it was overwritten by something else!!!!"));
        }

        var error = await Assert.ThrowsAsync<ConnectException>(() => SqliteStore.OpenAsync(_folder, CancellationToken.None));

        Assert.Equal(("StoreCorrupt", ErrorKind.InvalidData, path), (error.ErrorId, error.Kind, error.Target));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public async Task A_full_disk_under_the_store_is_DiskFull_with_the_file_and_nothing_is_committed()
    {
        using var disk = TinyDisk.Mount(1 << 20);
        var folder = Path.Combine(disk.Path, "store");
        var store = await StoreWithAListAsync(folder);
        var list = (await store.FindTargetAsync("Contacts", CancellationToken.None))!;
        var rows = Enumerable.Range(0, 20_000).Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["EMAIL_ADDRESS_"] = $"person{i}.{new string('x', 40)}@example.com" }).ToList();

        var error = await Assert.ThrowsAsync<ConnectException>(() => store.InsertRecordsAsync(list, rows, null, CancellationToken.None));

        Assert.Equal(("DiskFull", ErrorKind.ResourceUnavailable), (error.ErrorId, error.Kind));
        Assert.Contains(store.DataDatabase, error.Message);
        Assert.Equal(0, (await store.FindTargetAsync("Contacts", CancellationToken.None))!.RecordCount);
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_full_disk_while_writing_the_reject_file_is_DiskFull_and_leaves_no_partial_file()
    {
        var store = await StoreWithAListAsync(_folder);
        var list = (await store.FindTargetAsync("Contacts", CancellationToken.None))!;
        using var disk = TinyDisk.Mount(64 << 10);
        var input = Path.Combine(_folder, "in.csv");
        await File.WriteAllTextAsync(input, "EMAIL_ADDRESS_\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"not-an-address-{i}\n")));
        var rejects = Path.Combine(disk.Path, "rejects.csv");

        var error = await Assert.ThrowsAsync<ConnectException>(() => new Importer(store).ImportAsync(list, new ImportRequest(input, new ImportOptions()) { RejectPath = rejects }, null, CancellationToken.None));

        Assert.Equal(("DiskFull", rejects), (error.ErrorId, error.Target));
        Assert.Empty(Directory.GetFileSystemEntries(disk.Path));
    }

    [Fact]
    public async Task A_new_store_is_readable_by_its_owner_only()
    {
        var store = await StoreWithAListAsync(_folder);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_folder));
        var files = Directory.GetFiles(_folder, "*.db*");
        Assert.Contains(store.ControlDatabase, files);
        Assert.Contains(store.DataDatabase, files);
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
    }
}
