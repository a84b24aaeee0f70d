using ConnectJobs.Export;
using ConnectJobs.Import;
using ConnectJobs.Jobs;
using ConnectJobs.Store;
using Microsoft.Data.Sqlite;

namespace ConnectJobs.Core.Tests;

/// <summary>Job settings written by schema version 4, when the options lay flat beside the job's own
/// fields, read back the same after the move under "Options" (version 5).</summary>
public sealed class SettingsMigrationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "cj-migrate-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Settings_of_version_4_keep_every_option_after_the_move()
    {
        var store = await SqliteStore.OpenAsync(_folder, CancellationToken.None);
        await store.CreateListAsync("Contacts", null, [], CancellationToken.None);
        var import = new ImportJobSettings
        {
            SourceDirectory = _folder,
            FilePattern = "c_*.csv",
            TargetList = "Contacts",
            CountFile = "{name}.cnt",
            Options = new ImportOptions
            {
                Format = new InboundFormat { Delimiter = ';' },
                Rules = new ImportRules { DefaultPermissionStatus = "I" },
                Mapping = new Dictionary<string, string> { ["Mail"] = "EMAIL_ADDRESS_" },
                MatchColumns = ["CUSTOMER_ID_"],
                OnMatch = MatchedAction.Skip,
                FailIfEmpty = true,
                ExpectedHeader = ["Mail"],
            },
        };
        var export = new ExportJobSettings
        {
            Source = "Contacts",
            TargetDirectory = _folder,
            FileName = "x.csv",
            Options = new ExportOptions { Compression = Compression.GZip, Protection = new ValueProtection { HashColumns = ["EMAIL_ADDRESS_"] } },
        };
        await store.CreateJobAsync("Imp", true, null, import, CancellationToken.None);
        await store.CreateJobAsync("Exp", true, null, export, CancellationToken.None);

        // Back to version 4's shape: the options' fields at the top level, no "Options", and none of
        // the later versions' additions (schedules, version 6; stop requests, 7; groups, 8 and 9; late-file checks, 10; group settings, 11; the event store, 12; feed positions, 13; run leases, 14): each new
        // version's additions are removed here too.
        await using (var connection = new SqliteConnection($"Data Source={store.ControlDatabase};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE job SET settings = json_patch(json_remove(settings, '$.Options'), settings -> '$.Options');
                SELECT count(*) FROM job WHERE json_type(settings, '$.Options') IS NULL AND json_type(settings, '$.Format') = 'object';
                DROP INDEX job_next_run;
                ALTER TABLE job DROP COLUMN schedule;
                ALTER TABLE job DROP COLUMN next_run;
                ALTER TABLE run DROP COLUMN stop_requested;
                ALTER TABLE run DROP COLUMN renewed;
                ALTER TABLE job DROP COLUMN late_checked;
                ALTER TABLE job_group DROP COLUMN settings;
                DROP TABLE feed_position;
                DROP TABLE group_run;
                DROP TABLE group_member;
                DROP TABLE job_group;
                PRAGMA user_version = 4;
                """;
            Assert.Equal(2L, await command.ExecuteScalarAsync());
        }

        await using (var connection = new SqliteConnection($"Data Source={store.DataDatabase};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // The event store of version 12 back to version 4's opt-in and opt-out table.
            command.CommandText = """
                DROP TABLE cj_event;
                CREATE TABLE cj_event (id INTEGER PRIMARY KEY, list_id INTEGER NOT NULL REFERENCES cj_target(id) ON DELETE CASCADE, riid INTEGER NOT NULL, type TEXT NOT NULL, time TEXT NOT NULL, source TEXT NULL);
                PRAGMA user_version = 4;
                """;
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        var reopened = await SqliteStore.OpenAsync(_folder, CancellationToken.None);
        var imported = (ImportJobSettings)(await reopened.FindJobAsync("Imp", CancellationToken.None))!.Settings;
        var exported = (ExportJobSettings)(await reopened.FindJobAsync("Exp", CancellationToken.None))!.Settings;

        Assert.Equal(Migrations.Latest, reopened.SchemaVersion);
        Assert.Equal((';', "I", "EMAIL_ADDRESS_", "CUSTOMER_ID_", MatchedAction.Skip, true, "Mail"),
            (imported.Options.Format.Delimiter, imported.Options.Rules.DefaultPermissionStatus, imported.Options.Mapping!["Mail"], imported.Options.MatchColumns.Single(), imported.Options.OnMatch, imported.Options.FailIfEmpty, imported.Options.ExpectedHeader!.Single()));
        Assert.Equal(("{name}.cnt", "c_*.csv"), (imported.CountFile, imported.FilePattern));
        Assert.Equal((Compression.GZip, "EMAIL_ADDRESS_", "x.csv"), (exported.Options.Compression, exported.Options.Protection.HashColumns!.Single(), exported.FileName));

        // The files as they were before the migration, kept beside the store: version 4, flat settings.
        var backup = Path.Combine(_folder, "backups", "schema-4");
        Assert.Equal(["control.db", "data.db"], Directory.GetFiles(backup).Select(Path.GetFileName).Order());
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(backup, "control.db")};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT user_version FROM pragma_user_version) || ' ' || coalesce(json_type(settings, '$.Options'), 'none') || ' ' || json_type(settings, '$.Format') FROM job WHERE name = 'Imp';";
            Assert.Equal("4 none object", await command.ExecuteScalarAsync());
        }

        // Opened again at the newest version: no further copy.
        SqliteConnection.ClearAllPools();
        await SqliteStore.OpenAsync(_folder, CancellationToken.None);
        Assert.Equal(["schema-4"], Directory.GetDirectories(Path.Combine(_folder, "backups")).Select(Path.GetFileName));
    }
}
