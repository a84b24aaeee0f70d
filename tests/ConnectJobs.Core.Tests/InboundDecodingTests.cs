using System.IO.Compression;
using ConnectJobs.Data;
using ConnectJobs.Import;
using ConnectJobs.Store;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;

namespace ConnectJobs.Core.Tests;

public sealed class InboundDecodingTests : IClassFixture<TempStore>, IClassFixture<Gpg>, IDisposable
{
    private const string Csv = "EMAIL_ADDRESS_,FIRST_NAME\nann@example.com,Ann\nbob@example.com,Bøb\n";

    private readonly SqliteStore _store;
    private readonly Gpg _gpg;
    private readonly string _folder = Directory.CreateTempSubdirectory("cj-decode-").FullName;

    public InboundDecodingTests(TempStore temp, Gpg gpg)
    {
        _store = temp.Store;
        _gpg = gpg;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PlainFile()
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, Csv);
        return path;
    }

    private async Task<ImportResult> ImportAsync(string path, InboundFormat format)
    {
        var list = await _store.CreateListAsync("L" + Guid.NewGuid().ToString("N")[..8], null, [new("FIRST_NAME", ColumnType.Text, 20)], CancellationToken.None);
        return await new Importer(_store).ImportAsync(list, new ImportRequest(path, new ImportOptions { Format = format }) { RejectPath = Path.Combine(_folder, "rejects.csv") }, null, CancellationToken.None);
    }

    [Fact]
    public async Task A_gpg_encrypted_gzipped_file_is_decrypted_and_decompressed_on_the_way_in()
    {
        var gz = PlainFile() + ".gz";
        using (var output = File.Create(gz))
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(Csv));
        }

        _gpg.Encrypt(gz, gz + ".asc", armor: true);

        var result = await ImportAsync(gz + ".asc", new InboundFormat { Compression = Export.Compression.GZip, DecryptionKeyFile = _gpg.RecipientSecretKey });

        Assert.Equal((2L, 0L), (result.Inserted, result.Rejected));
        Assert.Equal(gz + ".asc", result.File);
        Assert.Empty(Directory.GetFiles(Path.Combine(_store.Location, "tmp")));
    }

    [Fact]
    public async Task A_zip_with_one_file_is_read_and_one_with_two_is_refused()
    {
        var zip = Path.Combine(_folder, "contacts.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            archive.CreateEntryFromFile(PlainFile(), "contacts.csv");
        }

        Assert.Equal(2L, (await ImportAsync(zip, new InboundFormat { Compression = Export.Compression.Zip })).Inserted);

        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            archive.CreateEntryFromFile(PlainFile(), "more.csv");
        }

        Assert.Equal("ZipNotOneFile", (await Assert.ThrowsAsync<ConnectException>(() => ImportAsync(zip, new InboundFormat { Compression = Export.Compression.Zip }))).ErrorId);
        Assert.Equal("NotCompressed", (await Assert.ThrowsAsync<ConnectException>(() => ImportAsync(PlainFile(), new InboundFormat { Compression = Export.Compression.GZip }))).ErrorId);
    }

    [Fact]
    public async Task Altered_messages_and_messages_without_integrity_protection_are_refused_and_load_nothing()
    {
        var encrypted = PlainFile() + ".gpg";
        _gpg.Encrypt(encrypted[..^4], encrypted, armor: false);
        var bytes = File.ReadAllBytes(encrypted);
        bytes[^30] ^= 0x55;
        File.WriteAllBytes(encrypted, bytes);
        var altered = await Assert.ThrowsAsync<ConnectException>(() => ImportAsync(encrypted, new InboundFormat { DecryptionKeyFile = _gpg.RecipientSecretKey }));
        Assert.Contains(altered.ErrorId, new[] { "PgpIntegrityFailed", "PgpDecryptFailed" });

        var unprotected = Path.Combine(_folder, "old-style.pgp");
        WithoutIntegrityPacket(unprotected);
        Assert.Equal("PgpNoIntegrity", (await Assert.ThrowsAsync<ConnectException>(() => ImportAsync(unprotected, new InboundFormat { DecryptionKeyFile = _gpg.RecipientSecretKey }))).ErrorId);

        Assert.Equal("NotEncrypted", (await Assert.ThrowsAsync<ConnectException>(() => ImportAsync(PlainFile(), new InboundFormat { DecryptionKeyFile = _gpg.RecipientSecretKey }))).ErrorId);
        Assert.Equal("NoDecryptionKey", (await Assert.ThrowsAsync<ConnectException>(() => ImportAsync(unprotected, new InboundFormat { DecryptionKeyFile = _gpg.SigningKey }))).ErrorId);
    }

    /// <summary>An old-style message (no MDC), as some legacy senders still make them.</summary>
    private void WithoutIntegrityPacket(string path)
    {
        using var keyStream = File.OpenRead(_gpg.RecipientKey);
        var key = new PgpPublicKeyRingBundle(PgpUtilities.GetDecoderStream(keyStream)).GetKeyRings().SelectMany(r => r.GetPublicKeys()).First(k => k.IsEncryptionKey);
        var generator = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, withIntegrityPacket: false, new SecureRandom());
        generator.AddMethod(key);
        using var output = File.Create(path);
        using var encrypted = generator.Open(output, new byte[4096]);
        using var literal = new PgpLiteralDataGenerator().Open(encrypted, PgpLiteralData.Binary, "contacts.csv", DateTime.UtcNow, new byte[4096]);
        literal.Write(System.Text.Encoding.UTF8.GetBytes(Csv));
    }
}
