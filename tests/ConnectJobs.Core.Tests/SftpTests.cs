using System.Text;
using ConnectJobs.Connections;
using ConnectJobs.Data;
using ConnectJobs.Export;
using ConnectJobs.Jobs;
using ConnectJobs.Locations;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>Against the real sshd of <see cref="SshServer"/>, which runs on Linux (as CI does).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Trait("Category", TestCategory.Server)]
[Trait("Category", TestCategory.Slow)]
public sealed class SftpTests : IClassFixture<TempStore>, IClassFixture<SshServer>
{
    private readonly SqliteStore _store;
    private readonly SshServer _server;

    public SftpTests(TempStore temp, SshServer server)
    {
        _store = temp.Store;
        _server = server;
    }

    private Connection Server(bool pinned = true, bool key = false) => new()
    {
        Id = 0,
        Name = "S" + Guid.NewGuid().ToString("N")[..8],
        Protocol = ConnectionProtocol.Sftp,
        Host = "127.0.0.1",
        Port = _server.Port,
        User = _server.User,
        Authentication = key ? ConnectionAuthentication.PrivateKey : ConnectionAuthentication.Password,
        PrivateKeyFile = key ? _server.PrivateKeyFile : null,
        HostKeyFingerprints = pinned ? [_server.HostKeyFingerprint] : [],
        Timeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task A_host_key_that_is_not_pinned_is_refused_with_its_fingerprint_and_a_pinned_one_is_accepted()
    {
        var unpinned = await Assert.ThrowsAsync<ConnectException>(() => SftpLocation.OpenAsync(Server(pinned: false), _server.Password, "", CancellationToken.None));
        Assert.Equal(("HostKeyNotTrusted", _server.HostKeyFingerprint), (unpinned.ErrorId, unpinned.Target));
        Assert.Contains("-TrustHostKey", unpinned.Message);

        var changed = await Assert.ThrowsAsync<ConnectException>(() => SftpLocation.OpenAsync(Server() with { HostKeyFingerprints = ["SHA256:" + new string('A', 43)] }, _server.Password, "", CancellationToken.None));
        Assert.Equal("HostKeyNotTrusted", changed.ErrorId);
        Assert.Contains("not the one pinned", changed.Message);

        // Several fingerprints pinned at once (a planned rotation): the current one is among them.
        using var location = await SftpLocation.OpenAsync(Server() with { HostKeyFingerprints = ["SHA256:" + new string('B', 43), _server.HostKeyFingerprint] }, _server.Password, "", CancellationToken.None);
        Assert.Equal(_server.HostKeyFingerprint, location.Fingerprint);
    }

    [Fact]
    public async Task Wrong_passwords_fail_and_keys_with_passphrases_log_in()
    {
        var refused = await Assert.ThrowsAsync<ConnectException>(() => SftpLocation.OpenAsync(Server(), "wrong", "", CancellationToken.None));
        Assert.Equal("AuthenticationFailed", refused.ErrorId);

        using var location = await SftpLocation.OpenAsync(Server(key: true), SshServer.KeyPassphrase, "", CancellationToken.None);
        Assert.NotNull(await location.ListAsync("*", CancellationToken.None));
        Assert.Equal("PrivateKeyUnusable", (await Assert.ThrowsAsync<ConnectException>(() => SftpLocation.OpenAsync(Server(key: true), "wrong phrase", "", CancellationToken.None))).ErrorId);
        foreach (var (file, passphrase) in _server.OtherKeys)
        {
            using var other = await SftpLocation.OpenAsync(Server(key: true) with { PrivateKeyFile = file }, passphrase, "", CancellationToken.None);
            Assert.NotNull(await other.ListAsync("*", CancellationToken.None));
        }
    }

    [Fact]
    public async Task Files_are_listed_fetched_uploaded_under_a_temporary_name_moved_and_deleted()
    {
        var folder = _server.NewFolder();
        using var location = await SftpLocation.OpenAsync(Server(), _server.Password, folder, CancellationToken.None);
        const string name = "contacts [NL] été 2026.csv";

        await using (var upload = await location.CreateAsync(name, CancellationToken.None))
        {
            await upload.Stream.WriteAsync(Encoding.UTF8.GetBytes("EMAIL_ADDRESS_\na@example.com\n"));
            await upload.Stream.FlushAsync();
            Assert.False(File.Exists(Path.Combine(_server.Home, folder, name)));
            Assert.Equal(29, (await upload.CommitAsync(CancellationToken.None)).Size);
        }

        await using (var abandoned = await location.CreateAsync("half.csv", CancellationToken.None))
        {
            await abandoned.Stream.WriteAsync(new byte[1000]);
        }

        Assert.Equal([name], (await location.ListAsync("*", CancellationToken.None)).Select(f => f.Name));

        // A server that forbids renaming: written under its own name from the start.
        using (var direct = await SftpLocation.OpenAsync(Server() with { UploadDirectly = true }, _server.Password, folder, CancellationToken.None))
        await using (var upload = await direct.CreateAsync("direct.csv", CancellationToken.None))
        {
            await upload.Stream.WriteAsync(Encoding.UTF8.GetBytes("x\n"));
            Assert.Equal(2, (await upload.CommitAsync(CancellationToken.None)).Size);
            Assert.False(File.Exists(Path.Combine(_server.Home, folder, ".direct.csv.partial")));
        }

        File.Delete(Path.Combine(_server.Home, folder, "direct.csv"));
        var file = (await location.FindAsync(name, CancellationToken.None))!;
        using (var fetched = await location.FetchAsync(file, CancellationToken.None))
        {
            Assert.Equal("EMAIL_ADDRESS_\na@example.com\n", await File.ReadAllTextAsync(fetched.Path));
        }

        var moved = await location.MoveAsync(file, "archive", CancellationToken.None);
        Assert.EndsWith($"{folder}/archive/{name}", moved);
        Assert.True(File.Exists(Path.Combine(_server.Home, folder, "archive", name)));
        Assert.Equal("UnsafeRemoteName", (await Assert.ThrowsAsync<ConnectException>(() => location.FindAsync("../etc/passwd", CancellationToken.None))).ErrorId);
        Assert.Equal("UnsafeRemoteName", (await Assert.ThrowsAsync<ConnectException>(() => SftpLocation.OpenAsync(Server(), _server.Password, "../..", CancellationToken.None))).ErrorId);
        Assert.Equal("UnsafeRemoteName", (await Assert.ThrowsAsync<ConnectException>(() => SftpLocation.OpenAsync(Server() with { BaseDirectory = _server.Home }, _server.Password, "/etc", CancellationToken.None))).ErrorId);
    }

    [Fact]
    public async Task Import_and_export_jobs_work_through_a_stored_connection_whose_password_is_not_in_the_store_file()
    {
        var connection = await _store.CreateConnectionAsync(Server(), _server.Password, CancellationToken.None);
        Assert.DoesNotContain(_server.Password, Encoding.UTF8.GetString(await File.ReadAllBytesAsync(_store.ControlDatabase)) + Encoding.UTF8.GetString(File.Exists(_store.ControlDatabase + "-wal") ? await File.ReadAllBytesAsync(_store.ControlDatabase + "-wal") : []));
        Assert.Equal(_server.Password, await _store.GetConnectionSecretAsync(connection, CancellationToken.None));

        var inbox = _server.NewFolder();
        await File.WriteAllTextAsync(Path.Combine(_server.Home, inbox, "contacts_1.csv"), "EMAIL_ADDRESS_\nann@example.com\nbob@example.com\n");
        var list = await _store.CreateListAsync("L" + Guid.NewGuid().ToString("N")[..8], null, [], CancellationToken.None);
        var import = await _store.CreateJobAsync("I" + Guid.NewGuid().ToString("N")[..8], true, null,
            new ImportJobSettings { Connection = connection.Name, SourceDirectory = inbox, FilePattern = "contacts_*.csv", TargetList = list.Name, SettlingTime = TimeSpan.Zero }, CancellationToken.None);
        var imported = await new JobRunner(_store).RunAsync(import, preview: false, null, CancellationToken.None);
        Assert.Equal((RunStatus.Succeeded, 2L), (imported.Status, imported.Inserted));
        Assert.True(File.Exists(Path.Combine(_server.Home, inbox, "archive", "contacts_1.csv")));

        var outbox = _server.NewFolder();
        var export = await _store.CreateJobAsync("E" + Guid.NewGuid().ToString("N")[..8], true, null,
            new ExportJobSettings { Connection = connection.Name, Source = list.Name, TargetDirectory = outbox, FileName = "out.csv", RunIdPrefix = false, Columns = ["EMAIL_ADDRESS_"], ReadyFile = ReadyFileKind.Count }, CancellationToken.None);
        var exported = await new JobRunner(_store).RunAsync(export, preview: false, null, CancellationToken.None);
        Assert.Equal((RunStatus.Succeeded, 2L), (exported.Status, exported.RowsWritten));
        Assert.Equal("EMAIL_ADDRESS_\r\nann@example.com\r\nbob@example.com\r\n", await File.ReadAllTextAsync(Path.Combine(_server.Home, outbox, "out.csv")));
        Assert.Equal("2\n", await File.ReadAllTextAsync(Path.Combine(_server.Home, outbox, $"{export.Name}.ready")));
        Assert.Equal(["out.csv", $"{export.Name}.ready"], Directory.GetFiles(Path.Combine(_server.Home, outbox)).Select(Path.GetFileName).Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task A_download_broken_off_by_a_server_crash_resumes_when_the_server_is_back()
    {
        var folder = _server.NewFolder();
        var content = new byte[48 << 20];
        new Random(7).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(_server.Home, folder, "big.bin"), content);
        using var location = await SftpLocation.OpenAsync(Server() with { RetryCount = 5, RetryDelay = TimeSpan.FromMilliseconds(500) }, _server.Password, folder, CancellationToken.None);
        var file = (await location.FindAsync("big.bin", CancellationToken.None))!;

        var download = location.FetchAsync(file, CancellationToken.None);
        long Received() => Directory.GetDirectories(Path.GetTempPath(), "connectjobs-fetch-*").Select(d => new FileInfo(Path.Combine(d, "big.bin"))).Where(f => f.Exists).Sum(f => f.Length);
        while (!download.IsCompleted && Received() < (4 << 20))
        {
            await Task.Delay(5);
        }

        Assert.False(download.IsCompleted, "the download ended before the crash");
        _server.Crash(TimeSpan.FromSeconds(1));

        using var fetched = await download;
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(content), System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(fetched.Path)));
    }

    [Fact]
    public async Task A_1_GiB_file_goes_up_and_down_without_being_held_in_memory()
    {
        var folder = _server.NewFolder();
        using var location = await SftpLocation.OpenAsync(Server(), _server.Password, folder, CancellationToken.None);
        var block = new byte[1 << 20];
        new Random(11).NextBytes(block);
        using var sent = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var before = GC.GetTotalMemory(forceFullCollection: true);

        await using (var upload = await location.CreateAsync("big.bin", CancellationToken.None))
        {
            for (var i = 0; i < 1024; i++)
            {
                block[0] = (byte)i;
                sent.AppendData(block);
                await upload.Stream.WriteAsync(block);
            }

            Assert.Equal(1L << 30, (await upload.CommitAsync(CancellationToken.None)).Size);
        }

        Assert.True(GC.GetTotalMemory(forceFullCollection: true) - before < 64 << 20, "memory grew with the file");
        var file = (await location.FindAsync("big.bin", CancellationToken.None))!;
        using var fetched = await location.FetchAsync(file, CancellationToken.None);
        await using var received = File.OpenRead(fetched.Path);
        Assert.Equal(sent.GetHashAndReset(), await System.Security.Cryptography.SHA256.HashDataAsync(received));
        File.Delete(Path.Combine(_server.Home, folder, "big.bin"));
    }

    [Fact]
    public async Task A_directory_of_10000_files_is_listed_and_matched_by_pattern()
    {
        var folder = _server.NewFolder();
        for (var i = 0; i < 10_000; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(_server.Home, folder, $"contacts_{i:D5}.csv"), "x");
        }

        using var location = await SftpLocation.OpenAsync(Server(), _server.Password, folder, CancellationToken.None);

        Assert.Equal(10_000, (await location.ListAsync("contacts_*.csv", CancellationToken.None)).Count);
        Assert.Equal(["contacts_00042.csv"], (await location.ListAsync("contacts_00042.csv", CancellationToken.None)).Select(f => f.Name));
    }

    [Fact]
    public async Task An_upload_broken_off_by_a_server_crash_leaves_nothing_at_the_final_name_and_the_next_one_succeeds()
    {
        var folder = _server.NewFolder();
        var block = new byte[1 << 20];
        using (var location = await SftpLocation.OpenAsync(Server() with { RetryCount = 0 }, _server.Password, folder, CancellationToken.None))
        {
            var failed = await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await using var upload = await location.CreateAsync("big.bin", CancellationToken.None);
                for (var i = 0; i < 512; i++)
                {
                    await upload.Stream.WriteAsync(block);
                    if (i == 32)
                    {
                        _server.Crash(TimeSpan.FromMilliseconds(500));
                    }
                }

                await upload.CommitAsync(CancellationToken.None);
            });
            Assert.IsNotType<Xunit.Sdk.XunitException>(failed);
        }

        Assert.False(File.Exists(Path.Combine(_server.Home, folder, "big.bin")));
        using var again = await SftpLocation.OpenAsync(Server(), _server.Password, folder, CancellationToken.None);
        await using (var upload = await again.CreateAsync("big.bin", CancellationToken.None))
        {
            await upload.Stream.WriteAsync(block);
            await upload.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(1 << 20, new FileInfo(Path.Combine(_server.Home, folder, "big.bin")).Length);
    }
}
