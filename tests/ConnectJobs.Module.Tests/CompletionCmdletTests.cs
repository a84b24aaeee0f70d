using Microsoft.Data.Sqlite;

namespace ConnectJobs.Module.Tests;

/// <summary>Tab completion reads the store and changes nothing in it.</summary>
public sealed class CompletionCmdletTests() : SessionTest("cj-complete-")
{
    [Fact]
    public void Completing_a_name_never_maintains_the_store_and_a_command_does()
    {
        Session.Run("New-ConnectList Contacts; New-ConnectTable Campaign_1 -Type Extension -List Contacts -Column SEEN -ExpiresInDays 1").ShouldSucceed();
        var data = Path.Combine(Session.StoreFolder, "data.db");
        using (var connection = new SqliteConnection($"Data Source={data};Pooling=False"))
        {
            connection.Open();
            using var expire = connection.CreateCommand();
            expire.CommandText = "UPDATE cj_target SET expires = '2000-01-01 00:00:00.000' WHERE name = 'Campaign_1';";
            Assert.Equal(1, expire.ExecuteNonQuery());
        }

        var completed = Session.Run("$line = 'Get-ConnectTable -Name Camp'; (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText").ShouldSucceed();

        Assert.Equal(["Campaign_1"], completed.Output.Select(o => o.ToString()));
        using (var connection = new SqliteConnection($"Data Source={data};Pooling=False"))
        {
            connection.Open();
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM cj_target WHERE name = 'Campaign_1';";
            Assert.Equal(1L, (long)count.ExecuteScalar()!);
        }

        // A command opens the store for work, which removes what has expired.
        Session.Run("Open-ConnectStore -Path '" + Session.StoreFolder + "'").ShouldSucceed();
        Assert.Empty(Session.Run("Get-ConnectTable").ShouldSucceed().Output);
    }
}
