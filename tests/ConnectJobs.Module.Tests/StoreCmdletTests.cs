using System.Management.Automation;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace ConnectJobs.Module.Tests;

public class StoreCmdletTests
{
    [Fact]
    public void Open_ConnectStore_resolves_relative_paths_against_the_current_location()
    {
        using var session = new PowerShellSession(openStore: false);
        var parent = Paths.NewTempFolder();
        Directory.CreateDirectory(parent);
        try
        {
            var store = session.Run($"$null = $ExecutionContext.SessionState.Path.SetLocation('{parent}'); Open-ConnectStore -Path ./stores/main -PassThru; (Get-ConnectStore).Source").ShouldSucceed();
            Assert.Equal(Path.Combine(parent, "stores", "main"), store.Output[0].Properties["Path"].Value);
            Assert.Equal("Session", store.Output[1].ToString());
            Assert.True(File.Exists(Path.Combine(parent, "stores", "main", "control.db")));
            Assert.True(File.Exists(Path.Combine(parent, "stores", "main", "data.db")));
        }
        finally
        {
            Paths.DeleteFolder(parent);
        }
    }

    [Fact]
    public void Open_ConnectStore_WhatIf_creates_nothing_and_keeps_the_current_store()
    {
        using var session = new PowerShellSession();
        var other = Paths.NewTempFolder();
        session.Run($"Open-ConnectStore -Path '{other}' -WhatIf").ShouldSucceed();
        Assert.False(Directory.Exists(other));
        Assert.Equal(session.StoreFolder, session.Run("(Get-ConnectStore).Path").ShouldSucceed().Output.Single().ToString());
    }

    [Fact]
    public void Sessions_in_one_process_use_their_own_stores()
    {
        using var first = new PowerShellSession();
        using var second = new PowerShellSession();
        first.Run("New-ConnectList OnlyInFirst").ShouldSucceed();
        Assert.Single(first.Run("Get-ConnectList").ShouldSucceed().Output);
        Assert.Empty(second.Run("Get-ConnectList").ShouldSucceed().Output);
    }

    [Fact]
    public void A_store_written_by_a_newer_version_is_refused_unchanged_and_the_session_keeps_its_store()
    {
        using var session = new PowerShellSession();
        var newer = Paths.NewTempFolder();
        try
        {
            session.Run($"Open-ConnectStore '{newer}'; New-ConnectList Keep; Open-ConnectStore '{session.StoreFolder}'").ShouldSucceed();
            using (var connection = new SqliteConnection($"Data Source={Path.Combine(newer, "control.db")};Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA user_version = 99;";
                command.ExecuteNonQuery();
            }

            SqliteConnection.ClearAllPools();
            var before = Hashes(newer);
            var error = session.Run($"Open-ConnectStore '{newer}'").ShouldFailWith("StoreSchemaTooNew", ErrorCategory.InvalidOperation);
            Assert.Contains("schema version 99", error.Exception.Message);
            Assert.Equal(newer, error.TargetObject);
            Assert.Equal(session.StoreFolder, session.Run("(Get-ConnectStore).Path").ShouldSucceed().Output.Single().ToString());
            SqliteConnection.ClearAllPools();
            Assert.Equal(before, Hashes(newer));
        }
        finally
        {
            Paths.DeleteFolder(newer);
        }
    }

    [Fact]
    public void A_folder_of_another_programs_database_is_refused()
    {
        using var session = new PowerShellSession();
        var foreign = Paths.NewTempFolder();
        Directory.CreateDirectory(foreign);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(foreign, "control.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (x);";
            command.ExecuteNonQuery();
        }

        session.Run($"Open-ConnectStore '{foreign}'").ShouldFailWith("NotAConnectStore", ErrorCategory.InvalidData);
        Paths.DeleteFolder(foreign);
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
