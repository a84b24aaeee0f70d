using ConnectJobs.Store;
using Microsoft.Data.Sqlite;

namespace ConnectJobs.Core.Tests;

public sealed class StoreTests : IDisposable
{
    private readonly List<string> _folders = [];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var folder in _folders)
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
            else
            {
                File.Delete(folder);
            }
        }
    }

    private string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cj-core-" + Guid.NewGuid().ToString("N"));
        _folders.Add(folder);
        return folder;
    }

    private static async Task<long> PragmaAsync(string file, string pragma)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_new_store_is_created_in_wal_mode_at_the_latest_schema()
    {
        var folder = NewFolder();
        var store = await SqliteStore.OpenAsync(folder, CancellationToken.None);
        Assert.Equal(Migrations.Latest, store.SchemaVersion);
        foreach (var file in new[] { store.ControlDatabase, store.DataDatabase })
        {
            Assert.Equal(Migrations.Latest, await PragmaAsync(file, "user_version"));
            Assert.Equal(SqliteDatabase.ApplicationId, await PragmaAsync(file, "application_id"));
            await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        }

        // Reopening an up-to-date store changes nothing and keeps its identity.
        var again = await SqliteStore.OpenAsync(folder, CancellationToken.None);
        Assert.Equal(store.Location, again.Location);
    }

    [Fact]
    public async Task Connections_use_full_sync_foreign_keys_and_a_busy_timeout()
    {
        var store = await SqliteStore.OpenAsync(NewFolder(), CancellationToken.None);
        var database = new SqliteDatabase(store.DataDatabase);
        await using var connection = await database.OpenAsync(CancellationToken.None);
        Assert.Equal(2, await SqliteDatabase.ScalarAsync(connection, null, "PRAGMA synchronous;", CancellationToken.None));
        Assert.Equal(1, await SqliteDatabase.ScalarAsync(connection, null, "PRAGMA foreign_keys;", CancellationToken.None));
        Assert.Equal(30000, await SqliteDatabase.ScalarAsync(connection, null, "PRAGMA busy_timeout;", CancellationToken.None));
    }

    [Fact]
    public async Task A_store_written_by_a_newer_version_is_refused_and_left_unchanged()
    {
        var folder = NewFolder();
        var store = await SqliteStore.OpenAsync(folder, CancellationToken.None);
        await using (var connection = new SqliteConnection($"Data Source={store.ControlDatabase};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {Migrations.Latest + 5};";
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        var before = Directory.GetFiles(folder).ToDictionary(f => f, f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
        var e = await Assert.ThrowsAsync<ConnectException>(() => SqliteStore.OpenAsync(folder, CancellationToken.None));
        Assert.Equal("StoreSchemaTooNew", e.ErrorId);
        Assert.Contains($"schema version {Migrations.Latest + 5}", e.Message);
        SqliteConnection.ClearAllPools();
        var after = Directory.GetFiles(folder).ToDictionary(f => f, f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Another_programs_database_is_not_taken_over()
    {
        var folder = NewFolder();
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, SqliteStore.ControlFileName);
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE invoices (id INTEGER);";
            await command.ExecuteNonQueryAsync();
        }

        var e = await Assert.ThrowsAsync<ConnectException>(() => SqliteStore.OpenAsync(folder, CancellationToken.None));
        Assert.Equal("NotAConnectStore", e.ErrorId);
        Assert.False(File.Exists(Path.Combine(folder, SqliteStore.DataFileName)));
    }

    [Fact]
    public async Task A_folder_that_cannot_be_created_is_a_clear_error()
    {
        var blocker = NewFolder();
        File.WriteAllText(blocker, "a file where the store folder's parent should be");
        var e = await Assert.ThrowsAsync<ConnectException>(() => SqliteStore.OpenAsync(Path.Combine(blocker, "store"), CancellationToken.None));
        Assert.Equal("StoreUnavailable", e.ErrorId);
        Assert.Equal(ErrorKind.ResourceUnavailable, e.Kind);
    }

    [Fact]
    public async Task Many_openers_of_one_new_folder_all_succeed()
    {
        // Several rounds: the first migration of a new store races the checks of the others.
        for (var round = 0; round < 15; round++)
        {
            var folder = NewFolder();
            var opened = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => SqliteStore.OpenAsync(folder, CancellationToken.None))));
            Assert.All(opened, s => Assert.Equal(Migrations.Latest, s.SchemaVersion));
            Assert.Empty(await opened[0].GetTargetsAsync(CancellationToken.None));
        }
    }

    [Fact]
    public void The_session_choice_wins_over_the_environment_which_wins_over_the_default()
    {
        var previous = Environment.GetEnvironmentVariable(StoreLocation.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, "/srv/from-env");
            Assert.Equal(("/srv/session", StoreSource.Session), StoreLocation.Resolve("/srv/session"));
            Assert.Equal(("/srv/from-env", StoreSource.Environment), StoreLocation.Resolve(null));
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, null);
            Assert.Equal((StoreLocation.DefaultPath(), StoreSource.Default), StoreLocation.Resolve(null));
            Assert.EndsWith("ConnectJobs", StoreLocation.DefaultPath());
        }
        finally
        {
            Environment.SetEnvironmentVariable(StoreLocation.EnvironmentVariable, previous);
        }
    }
}
