using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

public sealed class ExportCmdletTests : SessionTest
{
    public ExportCmdletTests()
        : base("cj-outbox-") => Session.Run("""
        New-ConnectList Contacts -Column 'FIRST_NAME:Text(20)', 'POINTS:Number'
        @(
            @{ EMAIL_ADDRESS_ = 'ann@example.nl'; FIRST_NAME = 'Ann'; COUNTRY_ = 'NL'; POINTS = 150 },
            @{ EMAIL_ADDRESS_ = 'bob@example.be'; FIRST_NAME = 'Bob, Jr.'; COUNTRY_ = 'BE'; POINTS = 50 }) | Add-ConnectRecord -List Contacts
        """).ShouldSucceed();

    private string Read(string name) => File.ReadAllText(Path.Combine(Folder, name));

    private T Value<T>(string script) => (T)Session.Run(script).ShouldSucceed().Output.Single().BaseObject;

    [Fact]
    public void Export_ConnectRecord_writes_a_file_relative_to_the_current_location_and_says_what_it_wrote()
    {
        var result = Assert.Single(Session.Run($$"""
            $ExecutionContext.SessionState.Path.SetLocation('{{Folder}}') | Out-Null
            Get-ConnectList Contacts | Export-ConnectRecord -Path ./all.csv -Column EMAIL_ADDRESS_, FIRST_NAME -Filter { $_.POINTS -gt 10 }
            """).ShouldSucceed().Output);

        Assert.Equal("ConnectJobs.Export.ExportResult", result.TypeNames[0]);
        Assert.Equal((2L, Path.Combine(Folder, "all.csv")), ((long)result.Properties["Rows"].Value, (string)result.Properties["File"].Value));
        Assert.Equal("EMAIL_ADDRESS_,FIRST_NAME\r\nann@example.nl,Ann\r\nbob@example.be,\"Bob, Jr.\"\r\n", Read("all.csv"));
        Assert.Equal(new FileInfo(Path.Combine(Folder, "all.csv")).Length, (long)result.Properties["Bytes"].Value);

        Session.Run($"Export-ConnectRecord Contacts '{Folder}/all.csv' -NoClobber").ShouldFailWith("FileExists", ErrorCategory.ResourceExists);

        // Delimiter presets by name; progress is shown while it runs.
        var tsv = Session.Run($"Export-ConnectRecord Contacts '{Folder}/all.tsv' -Column EMAIL_ADDRESS_, FIRST_NAME -Delimiter Tsv -LineEnding Lf").ShouldSucceed();
        Assert.Equal("EMAIL_ADDRESS_\tFIRST_NAME\nann@example.nl\tAnn\nbob@example.be\tBob, Jr.\n", Read("all.tsv"));
        Assert.Contains(tsv.Progress, p => p.Activity.Contains("Contacts") && p.StatusDescription.Contains("2 records"));
        Session.Run($"Export-ConnectRecord Contacts '{Folder}/x.csv' -Delimiter Colon").ShouldFailWith("ParameterArgumentTransformationError", ErrorCategory.InvalidData);
    }

    [Fact]
    public void WhatIf_counts_the_records_and_writes_nothing()
    {
        var preview = Assert.Single(Session.Run($"Export-ConnectRecord Contacts '{Folder}/dutch.csv' -Filter {{ $_.COUNTRY_ -eq 'NL' }} -WhatIf").ShouldSucceed().Output);
        Assert.Equal((true, 1L), ((bool)preview.Properties["Preview"].Value, (long)preview.Properties["Rows"].Value));
        Assert.Empty(Directory.GetFileSystemEntries(Folder));
    }

    [Fact]
    public void Bad_export_input_is_refused_with_a_clear_error()
    {
        Session.Run($"Export-ConnectRecord Nowhere '{Folder}/x.csv'").ShouldFailWith("TargetNotFound", ErrorCategory.ObjectNotFound);
        var column = Session.Run($"Export-ConnectRecord Contacts '{Folder}/x.csv' -Column EMAIL_ADDRESS_, SHOE_SIZE").ShouldFailWith("ExportColumnNotFound", ErrorCategory.InvalidArgument);
        Assert.Contains("SHOE_SIZE", column.Exception.Message);
        Session.Run($"Export-ConnectRecord Contacts '{Folder}/x.csv' -Filter {{ $_.FIRST_NAME -match 'A' }}").ShouldFailWith("FilterNotTranslatable", ErrorCategory.InvalidArgument);
        Session.Run($"Export-ConnectRecord Contacts '{Folder}/missing/x.csv'").ShouldFailWith("LocationNotFound", ErrorCategory.ResourceUnavailable);
        Session.Run($"Export-ConnectRecord Contacts '{Folder}/x.csv.pgp' -PublicKeyFile '{Folder}/nokey.asc'").ShouldFailWith("KeyFileNotFound", ErrorCategory.ObjectNotFound);
        Session.Run($"Export-ConnectRecord Contacts '{Folder}/x.csv' -NoQuote").ShouldFailWith("ValueNeedsEnclosure", ErrorCategory.InvalidData);
        Session.Run($"New-ConnectJob Exp -Source Contacts -TargetDirectory '{Folder}' -FileName x.csv -MatchColumn EMAIL_ADDRESS_").ShouldFailWith("NamedParameterNotFound", ErrorCategory.InvalidArgument);
        Assert.Empty(Directory.GetFileSystemEntries(Folder));
    }

    [Fact]
    public void An_export_job_delivers_a_named_file_and_ready_file_and_exports_incrementally()
    {
        Session.Run($"New-ConnectFilter Points -List Contacts -Filter {{ $_.POINTS -gt 0 }}; New-ConnectJob Daily -Source Contacts -FilterName Points -TargetDirectory '{Folder}' -FileName 'contacts_{{yyyyMMdd}}.csv' -Column EMAIL_ADDRESS_, POINTS -Incremental -Compression GZip -ReadyFile Count -ReadyFileName '{{job}}.ready'").ShouldSucceed();
        var id = Value<long>("(Get-ConnectJob Daily).Id");
        var today = DateTime.Now.ToString("yyyyMMdd");

        var first = Assert.Single(Session.Run("Invoke-ConnectJob Daily").ShouldSucceed().Output);
        var firstFile = Path.Combine(Folder, $"{id}_1_contacts_{today}.csv.gz");
        Assert.Equal(("Succeeded", 2L), (first.Properties["Status"].Value.ToString(), (long)first.Properties["RowsWritten"].Value));
        Assert.Equal([firstFile], ((IEnumerable<string>)first.Properties["Files"].Value).ToArray());
        Assert.Equal("2\n", Read("Daily.ready"));
        Assert.Equal("EMAIL_ADDRESS_,POINTS\r\nann@example.nl,150\r\nbob@example.be,50\r\n", Gunzip(firstFile));

        Assert.Equal(0L, Value<long>("(Invoke-ConnectJob Daily).RowsWritten"));
        Assert.Equal("0\n", Read("Daily.ready"));

        // A failed run (the folder is gone) does not move the watermark: the next run catches up.
        Session.Run("@{ EMAIL_ADDRESS_ = 'cy@example.nl'; POINTS = 7 } | Add-ConnectRecord -List Contacts").ShouldSucceed();
        Directory.Move(Folder, Folder + ".away");
        var failed = Session.Run("Invoke-ConnectJob Daily");
        Directory.Move(Folder + ".away", Folder);
        failed.ShouldFailWith("LocationNotFound", ErrorCategory.OperationStopped);
        var third = Assert.Single(Session.Run("Invoke-ConnectJob Daily").ShouldSucceed().Output);
        Assert.Equal(1L, (long)third.Properties["RowsWritten"].Value);
        Assert.Equal("EMAIL_ADDRESS_,POINTS\r\ncy@example.nl,7\r\n", Gunzip(Path.Combine(Folder, $"{id}_4_contacts_{today}.csv.gz")));

        var preview = Assert.Single(Session.Run("Invoke-ConnectJob Daily -WhatIf").ShouldSucceed().Output);
        Assert.Equal((true, 0L), ((bool)preview.Properties["Preview"].Value, (long)preview.Properties["RowsWritten"].Value));
        Assert.Equal(4, Value<int>("@(Get-ConnectJobRun -Job Daily).Count"));

        // The ledger holds each delivered file with its hash, the failed run's none.
        var delivered = Session.Run("Get-ConnectTransfer Daily | ForEach-Object { '{0} {1} {2}' -f $_.Direction, $_.RunId, $_.Sha256.Length }").ShouldSucceed().Output.Select(o => o.ToString());
        Assert.Equal(["Out 4 64", "Out 2 64", "Out 1 64"], delivered);
        Assert.Contains(Session.Run("Get-ConnectJobLog Daily | ForEach-Object Message").ShouldSucceed().Output, m => m.ToString()!.Contains("Wrote 1 record(s)"));
    }

    [Fact]
    public void Export_jobs_are_shown_changed_and_checked_like_import_jobs()
    {
        Session.Run($"New-ConnectJob Partner -Source Contacts -TargetDirectory '{Folder}' -FileName partner.csv -NoRunIdPrefix -HashColumn EMAIL_ADDRESS_ -Disabled").ShouldSucceed();
        Assert.Equal("Export", Value<object>("(Get-ConnectJob Partner).Kind").ToString());
        Session.Run("Set-ConnectJob Partner -CountFile x.cnt").ShouldFailWith("ParameterNotForJobKind", ErrorCategory.InvalidArgument);
        Session.Run("Set-ConnectJob Partner -FilterName Nope").ShouldFailWith("FilterNotFound", ErrorCategory.ObjectNotFound);
        Session.Run("Set-ConnectJob Partner -Column EMAIL_ADDRESS_, FIRST_NAME -Delimiter ';' -EscapeFormulas").ShouldSucceed();

        var run = Assert.Single(Session.Run("Invoke-ConnectJob Partner").ShouldSucceed().Output);
        Assert.Equal([Path.Combine(Folder, "partner.csv")], ((IEnumerable<string>)run.Properties["Files"].Value).ToArray());
        var lines = Read("partner.csv").Split("\r\n");
        Assert.Equal("EMAIL_ADDRESS_;FIRST_NAME", lines[0]);
        Assert.Matches("^[0-9a-f]{64};Ann$", lines[1]);

        // The format views, as a script run by the host prints them.
        var environment = new Dictionary<string, string?> { ["CONNECTJOBS_STORE"] = Session.StoreFolder, ["NO_COLOR"] = "1" };
        Assert.Contains("-> " + Path.Combine(Folder, "partner.csv"), Paths.RunHost(environment, "-Command", "Get-ConnectJob Partner").Stdout);
        Assert.Contains("Protection      : hash EMAIL_ADDRESS_; formulas escaped", Paths.RunHost(environment, "-Command", "(Get-ConnectJob Partner).Settings").Stdout);
    }

    private static string Gunzip(string path)
    {
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }
}
