using System.Net;
using ConnectJobs.Store;

namespace ConnectJobs.Core.Tests;

/// <summary>Opening a PostgreSQL store: how it is named, the login, and what is refused untouched.</summary>
[Trait("Category", TestCategory.Server)]
public sealed class PostgresStoreTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task An_empty_database_becomes_a_store_once_however_many_open_it_at_the_same_moment()
    {
        var database = server.CreateDatabase();
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => server.OpenStoreAsync(database))));
        Assert.All(stores, s => Assert.Equal($"postgresql://{PostgresServer.StoreRole}@127.0.0.1:{server.Port}/{database}", s.Location));
        Assert.Equal(Migrations.Latest.ToString(System.Globalization.CultureInfo.InvariantCulture), server.Query(database, "SELECT value FROM store_info WHERE key = 'schema_version';"));
        Assert.Equal(1L, server.Query(database, "SELECT count(*) FROM store_info WHERE key = 'store_id';"));
        await stores[0].CreateJobAsync("Seen", true, null, new Jobs.ImportJobSettings { SourceDirectory = "/in", FilePattern = "*.csv", TargetList = "L" }, CancellationToken.None);
        Assert.NotNull(await stores[3].FindJobAsync("SEEN", CancellationToken.None));
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_postgresql_uri_names_the_same_store_as_a_connection_string()
    {
        var database = server.CreateDatabase();
        await using (var first = await server.OpenStoreAsync(database))
        {
            await first.SetFeedPositionAsync(
                (await first.CreateJobAsync("Feed", false, null, new Jobs.ImportJobSettings { SourceDirectory = "/in", FilePattern = "*.csv", TargetList = "L" }, CancellationToken.None)).Id,
                "SENT", 5, CancellationToken.None);
        }

        await using var second = await server.OpenStoreAsync(database, $"postgresql://{PostgresServer.StoreRole}@127.0.0.1:{server.Port}/{database}?application_name=tick");
        Assert.Equal("Feed", Assert.Single(await second.GetJobsAsync(CancellationToken.None)).Name);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_that_does_not_hold_it()
    {
        var database = server.CreateDatabase();
        var refused = await Assert.ThrowsAsync<ConnectException>(() =>
            PostgresStore.OpenAsync(server.ConnectionString(database), new NetworkCredential(PostgresServer.StoreRole, "not-the-Password-42"), null, CancellationToken.None));
        Assert.Equal(ErrorIds.StoreLoginFailed, refused.ErrorId);
        Assert.Equal(ErrorKind.PermissionDenied, refused.Kind);
        Assert.Contains("password authentication failed", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-Password-42", refused.ToString(), StringComparison.Ordinal);
        Assert.Equal(0L, server.Query(database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public';"));
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=x;Colour=blue", "Colour")]
    [InlineData("Host=127.0.0.1;Database=x;Port=many", "many")]
    [InlineData("Host=127.0.0.1;Database=x;Username=cj;Password=hunter2", "PSCredential")]
    [InlineData("postgresql://cj:hunter2@127.0.0.1/x", "PSCredential")]
    [InlineData("Database=x;Username=cj", "Host")]
    public async Task A_connection_string_with_an_unknown_key_a_bad_value_or_a_password_is_refused_before_connecting(string text, string named)
    {
        var refused = await Assert.ThrowsAsync<ConnectException>(() => PostgresStore.OpenAsync(text, null, null, CancellationToken.None));
        Assert.Equal(ErrorIds.StoreConnectionStringInvalid, refused.ErrorId);
        Assert.Contains(named, refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_of_another_program_is_refused_and_left_as_it_was()
    {
        var database = server.CreateDatabase();
        server.Admin($"CREATE TABLE customers (id int); ALTER TABLE customers OWNER TO {PostgresServer.StoreRole};", database);
        var refused = await Assert.ThrowsAsync<ConnectException>(() => server.OpenStoreAsync(database));
        Assert.Equal(ErrorIds.NotAConnectStore, refused.ErrorId);
        Assert.Equal(1L, server.Query(database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public';"));
    }

    [Fact]
    public async Task A_store_of_a_newer_schema_is_refused_and_left_as_it_was()
    {
        var database = server.CreateDatabase();
        await (await server.OpenStoreAsync(database)).DisposeAsync();
        var newer = (Migrations.Latest + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        server.Admin($"UPDATE store_info SET value = '{newer}' WHERE key = 'schema_version';", database);
        var tables = server.Query(database, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public';");

        var refused = await Assert.ThrowsAsync<ConnectException>(() => server.OpenStoreAsync(database));
        Assert.Equal(ErrorIds.StoreSchemaTooNew, refused.ErrorId);
        Assert.Equal(newer, server.Query(database, "SELECT value FROM store_info WHERE key = 'schema_version';"));
        Assert.Equal(tables, server.Query(database, "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public';"));
    }
}
