using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

/// <summary>Import-ConnectEvent, Add-ConnectEvent and Get-ConnectEvent as a user runs them.</summary>
public sealed class EventCmdletTests() : SessionTest("cj-events-")
{
    [Fact]
    public void Events_from_a_file_and_the_pipeline_are_stored_once_and_found_by_their_filters()
    {
        var file = Drop("events.csv", "EVENT_TYPE,EVENT_CAPTURED_DT,RIID,CAMPAIGN_ID,EVENT_UUID\nSent,2026-12-01T09:00:00Z,1,C7,u1\nClicked,2026-12-01T09:10:00,1,C7,u2\nWarped,2026-12-01T09:10:00Z,1,C7,u3\n");
        var import = Session.Run("Import-ConnectEvent -LiteralPath $file -Map @{ EVENT_TYPE = 'Type'; EVENT_CAPTURED_DT = 'Captured'; EVENT_UUID = 'EventId' } -TimeZone UTC", ("file", file)).ShouldSucceed();
        var result = Assert.Single(import.Output);
        Assert.Equal((3L, 2L, 1L), ((long)result.Properties["Rows"].Value, (long)result.Properties["Added"].Value, (long)result.Properties["Rejected"].Value));
        Assert.Contains(import.Warnings, w => w.Contains("line 4") && w.Contains("UnknownEventType"));
        Assert.Contains(import.Warnings, w => w.Contains("1 times had no offset") && w.Contains("UTC"));

        // Again: every event is a duplicate.
        var again = Session.Run("Import-ConnectEvent -LiteralPath $file -Map @{ EVENT_TYPE = 'Type'; EVENT_CAPTURED_DT = 'Captured'; EVENT_UUID = 'EventId' } -TimeZone UTC", ("file", file)).Output.Single();
        Assert.Equal((0L, 2L), ((long)again.Properties["Added"].Value, (long)again.Properties["Duplicates"].Value));

        var added = Session.Run("@{ Type = 'OptedOut'; Captured = [datetime]::SpecifyKind([datetime]'2026-12-01 12:00', 'Utc'); Riid = 2; List = 'Contacts'; Note = 'by phone' }, @{ Type = 'Nope'; Captured = [datetime]::UtcNow; Riid = 3 }, [pscustomobject]@{ Type = 'Opened'; Captured = '2026-12-01T09:05:00Z'; Email = 'ann@example.com' } | Add-ConnectEvent");
        Assert.Equal("UnknownEventType", Assert.Single(added.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(2L, (long)added.Output.Single().Properties["Added"].Value);

        Assert.Equal(["Sent", "Clicked", "OptedOut", "Opened"], Session.Run("(Get-ConnectEvent).Type").ShouldSucceed().Output.Select(o => o.ToString()));
        Assert.Equal(["Clicked"], Session.Run("(Get-ConnectEvent -Type clicked -CampaignId C7).Type").ShouldSucceed().Output.Select(o => o.ToString()));
        Assert.Equal(["by phone"], Session.Run("(Get-ConnectEvent -Riid 2).Properties['Note']").ShouldSucceed().Output.Select(o => o.ToString()));
        Assert.Equal(["Clicked", "OptedOut"], Session.Run("(Get-ConnectEvent -After '2026-12-01T09:08:00Z' -Before '2026-12-01T12:30:00Z').Type").ShouldSucceed().Output.Select(o => o.ToString()));
        Assert.Equal(2, Session.Run("Get-ConnectEvent -Channel Email -First 2").ShouldSucceed().Output.Count);
        var unknown = Session.Run("Get-ConnectEvent -Type Teleported").ShouldFailWith("UnknownEventType", ErrorCategory.InvalidArgument);
        Assert.Contains("SmsOptedOut", unknown.Exception.Message);
        Assert.Contains("PushOpened", Session.Run("(TabExpansion2 'Get-ConnectEvent -Type PushO' 28).CompletionMatches.CompletionText").ShouldSucceed().Output.Select(o => o.ToString()));
    }

    [Fact]
    public void The_event_retention_is_a_store_setting_and_expired_events_are_purged_with_confirmation()
    {
        Assert.Equal("400", Session.Run("(Get-ConnectStore).EventRetentionDays").ShouldSucceed().Output.Single().ToString());
        Assert.Equal("30", Session.Run("(Set-ConnectStore -EventRetentionDays 30 -PassThru).EventRetentionDays").ShouldSucceed().Output.Single().ToString());
        Session.Run("Set-ConnectStore -EventRetentionDays 0").Errors.Single();
        Session.Run("@{ Type = 'Sent'; Captured = [datetime]::UtcNow.AddDays(-40); Riid = 1 }, @{ Type = 'Sent'; Captured = [datetime]::UtcNow; Riid = 2 } | Add-ConnectEvent").ShouldSucceed();

        Assert.Empty(Session.Run("Remove-ConnectEvent -Expired -WhatIf").ShouldSucceed().Output);
        Assert.Equal(2, Session.Run("Get-ConnectEvent").ShouldSucceed().Output.Count);
        Assert.Equal("1", Session.Run("(Remove-ConnectEvent -Expired -Confirm:$false).Purged").ShouldSucceed().Output.Single().ToString());
        Assert.Equal("2", Session.Run("(Get-ConnectEvent).Riid").ShouldSucceed().Output.Single().ToString());
    }

    [Fact]
    public void Import_jobs_raise_a_custom_event_per_record_they_change_and_jobs_a_completed_event()
    {
        Session.Run($"New-ConnectList Contacts -Column FIRST_NAME; New-ConnectJob Nightly -List Contacts -SourceDirectory '{Folder}' -FilePattern 'c_*.csv' -CustomEvent LoyaltySync -RaiseCompletedEvent").ShouldSucceed();
        Drop("c_1.csv", "EMAIL_ADDRESS_,FIRST_NAME\nann@example.com,Ann\nbob@example.com,Bob\n");
        Session.Run("Invoke-ConnectJob Nightly").ShouldSucceed();
        Drop("c_2.csv", "EMAIL_ADDRESS_,FIRST_NAME\nann@example.com,Ann\nbob@example.com,Robert\ncy@example.com,Cy\n");
        Session.Run("Invoke-ConnectJob Nightly").ShouldSucceed();

        // Run 1: two inserted; run 2: one updated (Bob), one inserted (Cy), Ann unchanged.
        var custom = Session.Run("Get-ConnectEvent -Type Custom | ForEach-Object { \"$($_.CustomType) $($_.Riid) $($_.Source)\" }").ShouldSucceed().Output.Select(o => o.ToString()).ToList();
        Assert.Equal(4, custom.Count);
        Assert.All(custom, c => Assert.StartsWith("LoyaltySync ", c));
        Assert.Equal(["LoyaltySync 2 c_2.csv", "LoyaltySync 3 c_2.csv"], custom.Skip(2).Order());
        var completed = Session.Run("Get-ConnectEvent -Type ConnectJobCompleted | ForEach-Object { $_.Properties['Records'] }").ShouldSucceed().Output.Select(o => o.ToString());
        Assert.Equal(["2", "2"], completed);

        // A run that loads nothing raises no completed event; '' turns the custom event off.
        Session.Run("Set-ConnectJob Nightly -CustomEvent ''").ShouldSucceed();
        Drop("c_3.csv", "EMAIL_ADDRESS_,FIRST_NAME\nann@example.com,Ann\n");
        Session.Run("Invoke-ConnectJob Nightly").ShouldSucceed();
        Assert.Equal(6, Session.Run("Get-ConnectEvent").ShouldSucceed().Output.Count);
    }

    [Fact]
    public void An_import_job_into_the_event_store_takes_event_files_with_count_files_archives_them_and_stores_each_event_once()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(Folder, "in")).FullName;
        Session.Run($"New-ConnectJob PlatformEvents -EventStore -SourceDirectory '{inbox}' -FilePattern 'events_*.csv' -CountFile '{{name}}.cnt' -ProcessMissedFiles -Map @{{ EVENT_TYPE = 'Type'; EVENT_TIME = 'Captured'; EVENT_UUID = 'EventId' }} -Schedule (New-ConnectSchedule -Daily -At 03:00 -TimeZone Europe/Amsterdam)").ShouldSucceed();
        File.WriteAllText(Path.Combine(inbox, "events_1.csv"), "EVENT_UUID,EVENT_TYPE,EVENT_TIME,RIID\nu1,Sent,2026-12-01 09:00:00,1\nu2,Opened,2026-12-01T09:10:00Z,1\nu3,Warped,2026-12-01T09:10:00Z,1\n");
        File.WriteAllText(Path.Combine(inbox, "events_1.cnt"), "3");

        var run = Session.Run("Invoke-ConnectJob PlatformEvents | ForEach-Object { $_.Status; $_.RowsRead; $_.Inserted; $_.Rejected }").ShouldSucceed();
        Assert.Equal(["PartiallySucceeded", "3", "2", "1"], run.Output.Select(o => o.ToString()));
        Assert.True(File.Exists(Path.Combine(inbox, "archive", "events_1.csv")));
        Assert.Equal("2026-12-01 08:00:00", Session.Run("(Get-ConnectEvent -Type Sent).Captured.ToString('yyyy-MM-dd HH:mm:ss')").ShouldSucceed().Output.Single().ToString());
        var log = string.Join("\n", Session.Run("(Get-ConnectJobLog PlatformEvents).Message").ShouldSucceed().Output);
        Assert.Contains("read in the job's time zone, Europe/Amsterdam", log);
        Assert.Contains("Rejected line 4, column EVENT_TYPE: UnknownEventType", log);

        // The same events again: skipped. A count that does not match: nothing stored, the file set aside.
        File.WriteAllText(Path.Combine(inbox, "events_2.csv"), "EVENT_UUID,EVENT_TYPE,EVENT_TIME,RIID\nu1,Sent,2026-12-01 09:00:00,1\nu4,Clicked,2026-12-01T09:12:00Z,1\n");
        File.WriteAllText(Path.Combine(inbox, "events_2.cnt"), "2");
        File.WriteAllText(Path.Combine(inbox, "events_3.csv"), "EVENT_UUID,EVENT_TYPE,EVENT_TIME,RIID\nu5,Sent,2026-12-01T10:00:00Z,2\n");
        File.WriteAllText(Path.Combine(inbox, "events_3.cnt"), "7");
        var again = Session.Run("Invoke-ConnectJob PlatformEvents | ForEach-Object { $_.Status; $_.ErrorId }");
        Assert.Equal(["Failed", "CountMismatch"], again.Output.Select(o => o.ToString()));
        Assert.Contains("events_2.csv: 2 rows, 1 events stored, 1 stored already (duplicates), 0 rejected.", string.Join("\n", Session.Run("(Get-ConnectJobLog PlatformEvents).Message").ShouldSucceed().Output));
        Assert.Equal(["u1", "u2", "u4"], Session.Run("(Get-ConnectEvent).EventId").ShouldSucceed().Output.Select(o => o.ToString()));
        Assert.True(File.Exists(Path.Combine(inbox, "failed", "events_3.csv")));

        Session.Run($"New-ConnectJob Bad -EventStore -SourceDirectory '{inbox}' -FilePattern 'x.csv' -Map @{{ A = 'Nope' }}").ShouldFailWith("UnknownMappedColumn", System.Management.Automation.ErrorCategory.InvalidArgument);
    }

    [Fact]
    public void Exports_pick_the_outbounced_and_the_unsubscribed_records_by_their_events()
    {
        Session.Run("New-ConnectList Contacts; 1..4 | ForEach-Object { @{ EMAIL_ADDRESS_ = \"p$_@example.com\" } } | Add-ConnectRecord -List Contacts").ShouldSucceed();
        Session.Run("""
            $e = { param($type, $riid, $day, $bounce) @{ Type = $type; Riid = $riid; List = 'Contacts'; Captured = [datetime]::SpecifyKind([datetime]"2026-11-$day", 'Utc'); BounceType = $bounce } }
            & {
                & $e Bounced 1 01 H; & $e Bounced 2 02 S; & $e Bounced 2 03 S; & $e Bounced 2 04 S
                & $e Bounced 3 02 S; & $e Bounced 3 03 S; & $e Opened 3 04 $null; & $e Bounced 3 05 S
                & $e OptedOut 4 06 $null
            } | Add-ConnectEvent
            """).ShouldSucceed();
        string[] Export(string arguments)
        {
            var path = Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".csv");
            Session.Run($"Export-ConnectRecord Contacts '{path}' -Column EMAIL_ADDRESS_ {arguments}").ShouldSucceed();
            return File.ReadAllLines(path).Skip(1).Order().ToArray();
        }

        Assert.Equal(["p1@example.com", "p2@example.com"], Export("-Outbounced"));
        Assert.Equal(["p1@example.com", "p2@example.com", "p3@example.com"], Export("-Outbounced -SoftBounces 1"));
        Assert.Equal(["p2@example.com"], Export("-Outbounced -EventsSince '2026-11-02'"));
        Assert.Equal(["p4@example.com"], Export("-Unsubscribed"));
        Session.Run($"Export-ConnectRecord Contacts '{Path.Combine(Folder, "x.csv")}' -Outbounced -Unsubscribed").ShouldFailWith("ConflictingParameters", System.Management.Automation.ErrorCategory.InvalidArgument);

        Session.Run($"New-ConnectJob Outbounced -Source Contacts -Outbounced -TargetDirectory '{Folder}' -FileName 'outbounced.csv' -NoRunIdPrefix -Column EMAIL_ADDRESS_").ShouldSucceed();
        Assert.Equal("2", Session.Run("(Invoke-ConnectJob Outbounced).RowsWritten").ShouldSucceed().Output.Single().ToString());
        Session.Run("Set-ConnectJob Outbounced -Outbounced:$false").ShouldSucceed();
        Assert.Equal("4", Session.Run("(Invoke-ConnectJob Outbounced).RowsWritten").ShouldSucceed().Output.Single().ToString());
    }

    [Fact]
    public void An_event_file_in_another_character_set_is_read_when_declared_and_refused_whole_when_not()
    {
        var file = Path.Combine(Folder, "cp1252.csv");
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        File.WriteAllBytes(file, System.Text.Encoding.GetEncoding(1252).GetBytes("Type,Captured,Riid,Subject\nSent,2026-12-01T08:00:00Z,1,Caf\u00e9 week\n"));

        Session.Run("Import-ConnectEvent -LiteralPath $file", ("file", file)).ShouldFailWith("InvalidEncoding", System.Management.Automation.ErrorCategory.InvalidData);
        Assert.Empty(Session.Run("Get-ConnectEvent").ShouldSucceed().Output);
        Session.Run("Import-ConnectEvent -LiteralPath $file -Encoding Windows1252", ("file", file)).ShouldSucceed();
        Assert.Equal("Caf\u00e9 week", Session.Run("(Get-ConnectEvent).Subject").ShouldSucceed().Output.Single().ToString());
    }
}
