using System.Management.Automation;
using ConnectJobs.Core.Tests;

namespace ConnectJobs.Module.Tests;

/// <summary>The cmdlets on a PostgreSQL store of a real server, as a user chooses one.</summary>
[Trait("Category", TestCategory.Server)]
public sealed class PostgresStoreCmdletTests(PostgresServer server) : SessionTest("cj-pgcmd-"), IClassFixture<PostgresServer>
{
    private (string Name, object? Value) Login => ("login", new PSCredential(PostgresServer.StoreRole, ToSecure(server.StorePassword)));

    private static System.Security.SecureString ToSecure(string text)
    {
        var secure = new System.Security.SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        return secure;
    }

    [Fact]
    public void A_session_opens_a_PostgreSQL_store_and_imports_exports_and_runs_jobs_in_it()
    {
        var database = server.CreateDatabase();
        var opened = Session.Run($"Open-ConnectStore -ConnectionString '{server.ConnectionString(database)}' -Credential $login -LocalFolder '{Path.Combine(Folder, "files")}' -PassThru", Login).ShouldSucceed();
        var info = Assert.Single(opened.Output);
        Assert.Equal(("PostgreSQL", $"postgresql://{PostgresServer.StoreRole}@127.0.0.1:{server.Port}/{database}"), ((string)info.Properties["Provider"].Value, (string)info.Properties["Path"].Value));
        Assert.StartsWith("PostgreSQL 15", (string)info.Properties["Server"].Value);

        Drop("contacts.csv", "EMAIL_ADDRESS_,FIRST_NAME\nann@example.com,Ann\nbob@example.com,Bob\nann@example.com,Annie\n");
        var outbox = Directory.CreateDirectory(Path.Combine(Folder, "out")).FullName;
        var result = Session.Run($$"""
            New-ConnectList Contacts -Column FIRST_NAME | Out-Null
            $import = Import-ConnectRecord '{{Path.Combine(Folder, "contacts.csv")}}' -List Contacts
            "$($import.Inserted) $($import.DuplicateKeys)"
            (Get-ConnectRecord -List Contacts -Filter { $_.FIRST_NAME -like 'a*' }).FIRST_NAME
            New-ConnectJob Nightly -Source Contacts -TargetDirectory '{{outbox}}' -FileName 'contacts.csv' -NoRunIdPrefix | Out-Null
            (Invoke-ConnectJob Nightly).Status
            (Get-ConnectStore).Provider
            """).ShouldSucceed();
        Assert.Equal(["2 1", "Annie", "Succeeded", "PostgreSQL"], result.Output.Select(o => o.ToString()));
        var exported = File.ReadAllLines(Path.Combine(outbox, "contacts.csv"));
        Assert.Equal(3, exported.Length);
        Assert.Contains(exported, l => l.Contains("ann@example.com", StringComparison.Ordinal) && l.Contains("Annie", StringComparison.Ordinal));
        Assert.Equal(2L, server.Query(database, "SELECT count(*) FROM \"T1\";"));
    }

    [Fact]
    public void A_sessions_SQLite_store_is_copied_into_an_empty_PostgreSQL_database_which_then_serves_it_as_it_was()
    {
        var database = server.CreateDatabase();
        Drop("contacts.csv", "EMAIL_ADDRESS_,FIRST_NAME\nann@example.com,Ann\nbob@example.com,Bob\n");
        var before = Session.Run($$"""
            New-ConnectList Contacts -Column FIRST_NAME | Out-Null
            Import-ConnectRecord '{{Path.Combine(Folder, "contacts.csv")}}' -List Contacts | Out-Null
            New-ConnectJob Nightly -Source Contacts -TargetDirectory '{{Directory.CreateDirectory(Path.Combine(Folder, "out")).FullName}}' -FileName 'contacts.csv' | Out-Null
            Invoke-ConnectJob Nightly | Out-Null
            Get-ConnectRecord -List Contacts | ForEach-Object { "$($_.RIID_) $($_.EMAIL_ADDRESS_) $($_.MODIFIED_DATE_.ToString('o'))" }
            """).ShouldSucceed().Output.Select(o => o.ToString()).ToList();
        var target = server.ConnectionString(database);

        var preview = Session.Run($"Copy-ConnectStore -ConnectionString '{target}' -Credential $login -WhatIf", Login).ShouldSucceed();
        Assert.Empty(preview.Output);
        Assert.Equal(0L, server.Query(database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public';"));

        var copied = Session.Run($"Copy-ConnectStore -ConnectionString '{target}' -Credential $login", Login).ShouldSucceed();
        var result = Assert.Single(copied.Output);
        Assert.Equal((true, 1L, 2L, 1L), ((bool)result.Properties["Verified"].Value, (long)result.Properties["Jobs"].Value, (long)result.Properties["Records"].Value, (long)result.Properties["Runs"].Value));
        Assert.Contains(copied.Progress, p => p.StatusDescription == "Contacts");
        Assert.Equal("SQLite", Session.Run("(Get-ConnectStore).Provider").ShouldSucceed().Output.Single().ToString());

        var after = Session.Run($$"""
            Open-ConnectStore -ConnectionString '{{target}}' -Credential $login -LocalFolder '{{Path.Combine(Folder, "files")}}'
            Get-ConnectRecord -List Contacts | ForEach-Object { "$($_.RIID_) $($_.EMAIL_ADDRESS_) $($_.MODIFIED_DATE_.ToString('o'))" }
            (Get-ConnectJobRun Nightly).Status
            """, Login).ShouldSucceed().Output.Select(o => o.ToString()).ToList();
        Assert.Equal([.. before, "Succeeded"], after);

        var again = Session.Run($"Open-ConnectStore -Path '{Session.StoreFolder}'; Copy-ConnectStore -ConnectionString '{target}' -Credential $login", Login);
        again.ShouldFailWith("StoreNotEmpty", ErrorCategory.InvalidOperation);
        Assert.Equal(2L, server.Query(database, "SELECT count(*) FROM \"T1\";"));
    }

    [Fact]
    public void A_wrong_password_fails_the_open_with_a_message_that_does_not_hold_it_and_keeps_the_session_on_its_store()
    {
        var database = server.CreateDatabase();
        var wrong = ("login", (object?)new PSCredential(PostgresServer.StoreRole, ToSecure("Wrong-Secret-77")));
        var result = Session.Run($"Open-ConnectStore -ConnectionString '{server.ConnectionString(database)}' -Credential $login", wrong);
        var error = result.ShouldFailWith("StoreLoginFailed", ErrorCategory.PermissionDenied);
        Assert.DoesNotContain("Wrong-Secret-77", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("SQLite", Session.Run("(Get-ConnectStore).Provider").ShouldSucceed().Output.Single().ToString());
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=x;Colour=blue")]
    [InlineData("postgresql://cj:hunter2@127.0.0.1/x")]
    public void A_connection_string_with_an_unknown_key_or_a_password_is_refused(string text)
    {
        var error = Session.Run($"Open-ConnectStore -ConnectionString '{text}'").ShouldFailWith("StoreConnectionStringInvalid", ErrorCategory.InvalidArgument);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_runner_host_finds_the_store_in_its_environment_and_the_password_in_PGPASSFILE()
    {
        var database = server.CreateDatabase();
        var environment = new Dictionary<string, string?>
        {
            ["CONNECTJOBS_STORE"] = $"postgresql://{PostgresServer.StoreRole}@127.0.0.1:{server.Port}/{database}",
            ["PGPASSFILE"] = server.WritePassFile(Path.Combine(Folder, "pgpass")),
            ["XDG_DATA_HOME"] = Path.Combine(Folder, "data"),
            ["NO_COLOR"] = "1",
        };
        var run = Paths.RunHost(environment, "-Command", "New-ConnectList Members | Out-Null; $s = Get-ConnectStore; $s.Provider; $s.Source; $s.SchemaVersion; (Get-ConnectList).Name");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["PostgreSQL", "Environment"], lines[..2]);
        Assert.Equal("Members", lines[^1]);
        Assert.Equal("Members", server.Query(database, "SELECT name FROM cj_target;"));
    }
}
