using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

/// <summary>Event feeds as a user defines and runs them with New-ConnectJob -EventType.</summary>
public sealed class EventFeedCmdletTests() : SessionTest("cj-feed-")
{
    [Fact]
    public void A_feed_is_defined_runs_incrementally_and_keeps_the_Responsys_rules()
    {
        var outbox = Directory.CreateDirectory(Path.Combine(Folder, "out")).FullName;
        Session.Run("New-ConnectList Contacts; @{ Type = 'Sent'; Captured = '2026-12-01T09:00:00Z'; Riid = 1; Email = 'ann@example.com'; MessageSize = 2048 }, @{ Type = 'Clicked'; Captured = '2026-12-01T09:05:00Z'; Riid = 1; Url = 'https://shop.example.com'; Tier = 'gold' } | Add-ConnectEvent").ShouldSucceed();

        Session.Run("New-ConnectJob Feed -EventType Sent, Clicked -AccountId 42 -CustomColumn Tier -TargetDirectory $out -FileName '{account}_{type}.csv'", ("out", outbox)).ShouldSucceed();
        var job = Session.Run("$j = Get-ConnectJob Feed; $j.Kind; $j.Settings.Feed.EventTypes -join ','; $j.Settings.Feed.Layout").ShouldSucceed();
        Assert.Equal(["EventFeed", "Sent,Clicked", "Responsys"], job.Output.Select(o => o.ToString()));

        var run = Session.Run("Invoke-ConnectJob Feed | ForEach-Object { $_.Status; $_.RowsWritten }").ShouldSucceed();
        Assert.Equal(["Succeeded", "2"], run.Output.Select(o => o.ToString()));
        var sent = File.ReadAllLines(Path.Combine(outbox, "42_SENT.csv"));
        Assert.EndsWith(",EMAIL,MESSAGE_SIZE,Tier", sent[0]);
        Assert.EndsWith(",ann@example.com,2048,", sent[1]);
        Assert.EndsWith(",https://shop.example.com,,,,,gold", File.ReadAllLines(Path.Combine(outbox, "42_CLICK.csv"))[1]);

        // Nothing new: files with their header only.
        Assert.Equal("0", Session.Run("(Invoke-ConnectJob Feed).RowsWritten").ShouldSucceed().Output.Single().ToString());
        Assert.Single(File.ReadAllLines(Path.Combine(outbox, "42_SENT.csv")));

        Session.Run("New-ConnectJob Other -EventType Opened, clicked -TargetDirectory $out", ("out", outbox)).ShouldFailWith("FeedTypeTaken", ErrorCategory.InvalidOperation);
        Session.Run("New-ConnectJob Two -EventType Opened, Bounced -TargetDirectory $out -FileName 'events.csv'", ("out", outbox)).ShouldFailWith("InvalidFeed", ErrorCategory.InvalidArgument);
        Session.Run("New-ConnectJob Three -EventType Warped -TargetDirectory $out", ("out", outbox)).ShouldFailWith("UnknownEventType", ErrorCategory.InvalidArgument);
        Session.Run("New-ConnectJob Mixed -EventType Opened -Source Contacts -TargetDirectory $out", ("out", outbox)).ShouldFailWith("ParameterNotForJobKind", ErrorCategory.InvalidArgument);
        Session.Run("Set-ConnectJob Feed -Incremental").ShouldFailWith("ParameterNotForJobKind", ErrorCategory.InvalidArgument);
        Session.Run("New-ConnectJob NoFile -Source Contacts -TargetDirectory $out", ("out", outbox)).ShouldFailWith("InvalidFilePattern", ErrorCategory.InvalidArgument);
        Session.Run("Disable-ConnectJob Feed; Copy-ConnectJob Feed -NewName FeedCopy").ShouldFailWith("FeedNotCopied", ErrorCategory.InvalidOperation);

        // Disabled, its types are free for another feed; changed with Set-ConnectJob.
        Session.Run("New-ConnectJob Opens -EventType Opened, Clicked -TargetDirectory $out -Layout Responsys", ("out", outbox)).ShouldSucceed();
        Session.Run("Set-ConnectJob Opens -EventType Opened -AccountId 7").ShouldSucceed();
        Assert.Equal(["Opened", "7"], Session.Run("$f = (Get-ConnectJob Opens).Settings.Feed; $f.EventTypes; $f.AccountId").ShouldSucceed().Output.Select(o => o.ToString()));
        Session.Run("Enable-ConnectJob Feed").ShouldSucceed();
    }

    [Fact]
    public void Export_EventFeed_writes_a_file_per_type_now_and_moves_no_feed()
    {
        var outbox = Directory.CreateDirectory(Path.Combine(Folder, "extract")).FullName;
        Session.Run("1..3 | ForEach-Object { @{ Type = 'Opened'; Captured = '2026-12-01T09:00:00Z'; Riid = $_; Email = \"p$_@example.com\" } } | Add-ConnectEvent").ShouldSucceed();
        var after = Session.Run("(Get-ConnectEvent -First 1).Sequence").ShouldSucceed().Output.Single().ToString();

        var results = Session.Run("Export-EventFeed Opened, Sent $out -AfterSequence $after -FileName '{type}.csv' -Compression GZip", ("out", outbox), ("after", after)).ShouldSucceed().Output;

        Assert.Equal([2L, 0L], results.Select(r => (long)r.Properties["Rows"].Value));
        Assert.True(File.Exists(Path.Combine(outbox, "OPEN.csv.gz")));
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(outbox, "OPEN.csv.gz")), System.IO.Compression.CompressionMode.Decompress);
        var lines = new StreamReader(gzip).ReadToEnd().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains(",p2@example.com", lines[1]);
        Assert.Equal(3L, (long)Session.Run("Export-EventFeed Opened $out -FileName 'preview.csv' -WhatIf", ("out", outbox)).ShouldSucceed().Output.Single().Properties["Rows"].Value);
        Assert.False(File.Exists(Path.Combine(outbox, "preview.csv")));
        Session.Run("Export-EventFeed Opened $out -Column EMAIL", ("out", outbox)).ShouldFailWith("ParameterNotForJobKind", ErrorCategory.InvalidArgument);
    }

    [Fact]
    public void A_Clang_feed_writes_activities_and_broadcasts_into_date_folders_with_any_delimiter_quoted()
    {
        var outbox = Directory.CreateDirectory(Path.Combine(Folder, "clang")).FullName;
        Session.Run("""
            & {
                @{ Type = 'Sent'; Captured = '2026-12-01T08:00:00Z'; Riid = 1; Email = 'ann@example.com'; CampaignId = 'B7'; CampaignName = 'Winter'; Subject = 'Winter; 20% off'; MailingType = 'Regular' }
                @{ Type = 'Opened'; Captured = '2026-12-01T09:00:00Z'; Riid = 1; Email = 'ann@example.com'; CampaignId = 'B7'; CustomerId = 'K-1' }
                @{ Type = 'Clicked'; Captured = '2026-12-01T09:01:00Z'; Riid = 1; Email = 'ann@example.com'; CampaignId = 'B7'; Url = 'https://shop.example.com/w' }
                @{ Type = 'Opened'; Captured = '2026-12-01T09:05:00Z'; Riid = 2; Email = 'bob@example.com'; CampaignId = 'B5' }
            } | Add-ConnectEvent
            """).ShouldSucceed();
        Session.Run("New-ConnectJob Clang -EventType Sent, Opened, Clicked -Layout Clang -TargetDirectory \"$out/{yyyy}/{MM}\" -Delimiter ';'", ("out", outbox)).ShouldSucceed();
        Assert.Equal("61", Session.Run("(Get-ConnectJob Clang).Settings.RetentionDays").ShouldSucceed().Output.Single().ToString());

        Assert.Equal("6", Session.Run("(Invoke-ConnectJob Clang).RowsWritten").ShouldSucceed().Output.Single().ToString());
        var folder = Path.Combine(outbox, DateTime.Now.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture), DateTime.Now.ToString("MM", System.Globalization.CultureInfo.InvariantCulture));
        var broadcasts = File.ReadAllLines(Directory.GetFiles(folder, "broadcasts_*.csv").Single());
        Assert.Equal(["Broadcastid;Broadcasttype;Description;Subject;Sentat", "B7;Regular;Winter;\"Winter; 20% off\";2026-12-01 08:00:00", "B5;;;;"], broadcasts);
        Assert.Equal(["Winter; 20% off"], Fields(broadcasts[1]).Skip(3).Take(1));
        var activities = File.ReadAllLines(Directory.GetFiles(folder, "activities_*.csv").Single());
        Assert.Equal("Broadcastid;Customerid;Externalcustomerid;Emailaddress;Activity;Activitydate;Activitydescription", activities[0]);
        Assert.Equal(["B7;1;;ann@example.com;Sent;2026-12-01 08:00:00;", "B7;1;K-1;ann@example.com;Opened;2026-12-01 09:00:00;", "B7;1;;ann@example.com;Clicked;2026-12-01 09:01:00;https://shop.example.com/w", "B5;2;;bob@example.com;Opened;2026-12-01 09:05:00;"], activities.Skip(1));

        // Nothing new: no activity, no broadcast; -NoHeader leaves the header out.
        Session.Run("Set-ConnectJob Clang -NoHeader").ShouldSucceed();
        System.Threading.Thread.Sleep(1100);
        Assert.Equal("0", Session.Run("(Invoke-ConnectJob Clang).RowsWritten").ShouldSucceed().Output.Single().ToString());
        Assert.Equal(2, Directory.GetFiles(folder, "*.csv").Count(f => new FileInfo(f).Length == 0));
    }

    /// <summary>A delimited line's fields, as a reader of quoted CSV reads them (';' delimiter).</summary>
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ';' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
