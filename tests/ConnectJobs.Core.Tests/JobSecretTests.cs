using System.Text;
using ConnectJobs.Import;
using ConnectJobs.Jobs;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>An import job whose decryption key is protected by a passphrase keeps the passphrase
/// encrypted in the store, as connection secrets are kept.</summary>
public sealed class JobSecretTests : IClassFixture<TempStore>, IClassFixture<Gpg>, IDisposable
{
    private readonly SqliteStore _store;
    private readonly Gpg _gpg;
    private readonly string _inbox = Directory.CreateTempSubdirectory("cj-inbox-").FullName;

    public JobSecretTests(TempStore temp, Gpg gpg)
    {
        _store = temp.Store;
        _gpg = gpg;
    }

    public void Dispose() => Directory.Delete(_inbox, recursive: true);

    [Fact]
    public async Task A_job_decrypts_with_a_protected_key_whose_passphrase_only_the_store_keeps_encrypted()
    {
        var plain = Path.Combine(_inbox, "plain.txt");
        await File.WriteAllTextAsync(plain, "EMAIL_ADDRESS_\nann@example.com\n");
        _gpg.Encrypt(plain, Path.Combine(_inbox, "contacts_1.csv.asc"), armor: true, recipient: "guarded@example.com");
        File.Delete(plain);
        var list = await _store.CreateListAsync("L" + Guid.NewGuid().ToString("N")[..8], null, [], CancellationToken.None);
        var job = await _store.CreateJobAsync("J" + Guid.NewGuid().ToString("N")[..8], true, null,
            new ImportJobSettings { SourceDirectory = _inbox, FilePattern = "contacts_*.csv.asc", TargetList = list.Name, Options = new ImportOptions { Format = new InboundFormat { DecryptionKeyFile = _gpg.GuardedSecretKey } } }, CancellationToken.None);
        var runner = new JobRunner(_store);

        var without = await runner.RunAsync(job, preview: true, null, CancellationToken.None);
        Assert.Equal((RunStatus.Failed, "DecryptionKeyPassphrase"), (without.Status, without.ErrorId));
        Assert.Contains("decryption key", without.Error);

        await _store.SetJobSecretAsync(job, "not it", CancellationToken.None);
        Assert.Equal("DecryptionKeyPassphrase", (await runner.RunAsync(job, preview: true, null, CancellationToken.None)).ErrorId);

        await _store.SetJobSecretAsync(job, Gpg.SigningPassphrase, CancellationToken.None);
        var run = await runner.RunAsync(job, preview: false, null, CancellationToken.None);

        Assert.True(run.Status == RunStatus.Succeeded, run.Error);
        Assert.Equal(1L, run.Inserted);
        Assert.Equal(Gpg.SigningPassphrase, await _store.GetJobSecretAsync(job, CancellationToken.None));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var stored = string.Concat(new[] { _store.ControlDatabase, _store.ControlDatabase + "-wal" }.Where(File.Exists).Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
        Assert.DoesNotContain(Gpg.SigningPassphrase, stored);
    }
}
