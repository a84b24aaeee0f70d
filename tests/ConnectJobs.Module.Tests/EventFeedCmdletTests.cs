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
}
