using System.Text;
using ConnectJobs.Connections;
using ConnectJobs.Data;
using ConnectJobs.Export;
using ConnectJobs.Jobs;
using ConnectJobs.Locations;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>Against real vsftpd servers (plain FTP and explicit FTPS), on Linux as CI runs.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Trait("Category", TestCategory.Server)]
public sealed class FtpTests : IClassFixture<TempStore>, IClassFixture<PlainFtpServer>, IClassFixture<FtpsServer>, IClassFixture<ImplicitFtpsServer>
{
    private readonly SqliteStore _store;
    private readonly PlainFtpServer _ftp;
    private readonly FtpsServer _ftps;
    private readonly ImplicitFtpsServer _implicit;

    public FtpTests(TempStore temp, PlainFtpServer ftp, FtpsServer ftps, ImplicitFtpsServer implicitFtps)
    {
        _store = temp.Store;
        _ftp = ftp;
        _ftps = ftps;
        _implicit = implicitFtps;
    }

    private static Connection Server(FtpServer server, ConnectionProtocol protocol, bool pinned = true) => new()
    {
        Id = 0,
        Name = "F" + Guid.NewGuid().ToString("N")[..8],
        Protocol = protocol,
        // A host name, not an address: TLS sessions resume by host name, which vsftpd requires.
        Host = "localhost",
        Port = server.Port,
        User = server.User,
        Authentication = ConnectionAuthentication.Password,
        HostKeyFingerprints = pinned && server.CertificateFingerprint is { } pin ? [pin] : [],
        Timeout = TimeSpan.FromSeconds(10),
    };

    [Theory]
    [InlineData(ConnectionProtocol.Ftp)]
    [InlineData(ConnectionProtocol.Ftps)]
    [InlineData(ConnectionProtocol.FtpsImplicit)]
    public async Task Files_go_up_and_down_under_temporary_names_and_are_moved_and_deleted(ConnectionProtocol protocol)
    {
        FtpServer server = protocol switch { ConnectionProtocol.Ftp => _ftp, ConnectionProtocol.Ftps => _ftps, _ => _implicit };
        var folder = server.NewFolder();
        using var location = await FtpLocation.OpenAsync(Server(server, protocol), server.Password, folder, CancellationToken.None);
        const string name = "contacts [NL] été 2026.csv";
        var content = new byte[3 << 20];
        new Random(5).NextBytes(content);

        await using (var upload = await location.CreateAsync(name, CancellationToken.None))
        {
            await upload.Stream.WriteAsync(content);
            Assert.False(File.Exists(Path.Combine(server.Home, folder, name)));
            Assert.Equal(content.Length, (await upload.CommitAsync(CancellationToken.None)).Size);
        }

        Assert.Equal([name], (await location.ListAsync("*.csv", CancellationToken.None)).Select(f => f.Name));
        var file = (await location.FindAsync(name, CancellationToken.None))!;
        using (var fetched = await location.FetchAsync(file, CancellationToken.None))
        {
            Assert.Equal(content, await File.ReadAllBytesAsync(fetched.Path));
        }

        await location.MoveAsync(file, "archive", CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(server.Home, folder, "archive", name)));
        Assert.Null(await location.FindAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task Wrong_passwords_and_unpinned_certificates_are_refused()
    {
        Assert.Equal("AuthenticationFailed", (await Assert.ThrowsAsync<ConnectException>(() => FtpLocation.OpenAsync(Server(_ftp, ConnectionProtocol.Ftp), "wrong", "", CancellationToken.None))).ErrorId);

        var unpinned = await Assert.ThrowsAsync<ConnectException>(() => FtpLocation.OpenAsync(Server(_ftps, ConnectionProtocol.Ftps, pinned: false), _ftps.Password, "", CancellationToken.None));
        Assert.Equal(("HostKeyNotTrusted", _ftps.CertificateFingerprint), (unpinned.ErrorId, unpinned.Target));

        // The message speaks of certificates and shows the fingerprint as openssl prints it.
        var openssl = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("openssl", ["x509", "-noout", "-fingerprint", "-sha256", "-in", Path.Combine(_ftps.Folder, "cert.pem")]) { RedirectStandardOutput = true })!;
        var printed = openssl.StandardOutput.ReadToEnd().Trim();
        openssl.WaitForExit();
        Assert.Contains(printed[(printed.IndexOf('=') + 1)..], unpinned.Message);
        Assert.Contains("openssl x509 -noout -fingerprint -sha256", unpinned.Message);
        Assert.DoesNotContain("ssh-keygen", unpinned.Message);
    }

    [Fact]
    public async Task Import_and_export_jobs_work_through_an_FTPS_connection()
    {
        var connection = await _store.CreateConnectionAsync(Server(_ftps, ConnectionProtocol.Ftps), _ftps.Password, CancellationToken.None);
        var inbox = _ftps.NewFolder();
        await File.WriteAllTextAsync(Path.Combine(_ftps.Home, inbox, "contacts_1.csv"), "EMAIL_ADDRESS_\nann@example.com\nbob@example.com\n");
        var list = await _store.CreateListAsync("L" + Guid.NewGuid().ToString("N")[..8], null, [], CancellationToken.None);
        var import = await _store.CreateJobAsync("I" + Guid.NewGuid().ToString("N")[..8], true, null,
            new ImportJobSettings { Connection = connection.Name, SourceDirectory = inbox, FilePattern = "contacts_*.csv", TargetList = list.Name, SettlingTime = TimeSpan.Zero }, CancellationToken.None);

        var imported = await new JobRunner(_store).RunAsync(import, preview: false, null, CancellationToken.None);
        Assert.True(imported.Status == RunStatus.Succeeded, imported.Error);

        Assert.Equal((RunStatus.Succeeded, 2L), (imported.Status, imported.Inserted));
        Assert.True(File.Exists(Path.Combine(_ftps.Home, inbox, "archive", "contacts_1.csv")));
        Assert.StartsWith("ftps://", Assert.Single(await _store.GetTransfersAsync(import.Id, null, CancellationToken.None)).Path);

        var outbox = _ftps.NewFolder();
        var export = await _store.CreateJobAsync("E" + Guid.NewGuid().ToString("N")[..8], true, null,
            new ExportJobSettings { Connection = connection.Name, Source = list.Name, TargetDirectory = outbox, FileName = "out.csv", RunIdPrefix = false, Columns = ["EMAIL_ADDRESS_"], ReadyFile = ReadyFileKind.Count, Options = new ExportOptions { Compression = Compression.GZip } },
            CancellationToken.None);
        var exported = await new JobRunner(_store).RunAsync(export, preview: false, null, CancellationToken.None);

        Assert.Equal((RunStatus.Succeeded, 2L), (exported.Status, exported.RowsWritten));
        Assert.Equal("2\n", await File.ReadAllTextAsync(Path.Combine(_ftps.Home, outbox, $"{export.Name}.ready")));
        Assert.Equal(["out.csv.gz", $"{export.Name}.ready"], Directory.GetFiles(Path.Combine(_ftps.Home, outbox)).Select(Path.GetFileName).Order(StringComparer.Ordinal).Reverse());
    }
}
