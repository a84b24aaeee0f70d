using Microsoft.Data.Sqlite;

namespace ConnectJobs.Module.Tests;

/// <summary>Store maintenance is an explicit step of opening for work: tab completion and reads never
/// delete anything, though they no longer show what has expired (the engine tests show that opening
/// for work does delete it).</summary>
public sealed class CompletionCmdletTests() : SessionTest("cj-complete-")
{
    private long Rows(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(Session.StoreFolder, "data.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Completion_and_reads_never_maintain_the_store()
    {
        Session.Run("New-ConnectList Contacts; New-ConnectTable Campaign_1 -Type Extension -List Contacts -Column SEEN -ExpiresInDays 1; New-ConnectTable Campaign_2 -Type Extension -List Contacts -Column SEEN -ExpiresInDays 9").ShouldSucceed();
        Assert.Equal(1, Rows("UPDATE cj_target SET expires = '2000-01-01 00:00:00.000' WHERE name = 'Campaign_1'; SELECT changes();"));

        var completed = Session.Run("$line = 'Get-ConnectTable -Name Camp'; (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText").ShouldSucceed();
        var listed = Session.Run("Get-ConnectTable | ForEach-Object Name").ShouldSucceed();

        Assert.Equal(["Campaign_2"], completed.Output.Select(o => o.ToString()));
        Assert.Equal(["Campaign_2"], listed.Output.Select(o => o.ToString()));
        Assert.Equal(1, Rows("SELECT count(*) FROM cj_target WHERE name = 'Campaign_1';"));
    }
}
