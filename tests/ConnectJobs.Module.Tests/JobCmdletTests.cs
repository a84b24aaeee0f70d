using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

public sealed class JobCmdletTests : SessionTest
{
    public JobCmdletTests()
        : base("cj-inbox-") =>
        Session.Run($"New-ConnectList Contacts -Column 'FIRST_NAME:Text(20)'; New-ConnectJob Nightly -List Contacts -SourceDirectory '{Folder}' -FilePattern 'contacts_{{yyyyMMdd}}*.csv'").ShouldSucceed();

    /// <summary>Drops a file whose name may hold {today}, as the job's pattern expects.</summary>
    private void DropDated(string name, string text) => Drop(name.Replace("{today}", DateTime.Now.ToString("yyyyMMdd")), text);

    private T Value<T>(string script) => (T)Session.Run(script).ShouldSucceed().Output.Single().BaseObject;

    [Fact]
    public void A_job_is_defined_run_by_pipeline_recorded_and_its_file_archived()
    {
        DropDated("contacts_{today}.csv", "EMAIL_ADDRESS_,FIRST_NAME\na@example.com,A\nbad,B\n");
        var run = Assert.Single(Session.Run("Get-ConnectJob Nightly | Invoke-ConnectJob").ShouldSucceed().Output);
        Assert.Equal("ConnectJobs.Jobs.JobRun", run.TypeNames[0]);
        Assert.Equal("PartiallySucceeded", run.Properties["Status"].Value.ToString());
        Assert.Equal((1L, 1L), ((long)run.Properties["Inserted"].Value, (long)run.Properties["Rejected"].Value));
        Assert.Equal($"{Value<long>("(Get-ConnectJob Nightly).Id")}.1", run.Properties["FullId"].Value);
        Assert.Single(Directory.GetFiles(Path.Combine(Folder, "archive")));

        var history = Session.Run("Get-ConnectJobRun -Job Nightly").ShouldSucceed().Output;
        Assert.Equal("PartiallySucceeded", Assert.Single(history).Properties["Status"].Value.ToString());
        var log = Session.Run("Get-ConnectJobRun -Job Nightly -Last 1 | Get-ConnectJobLog | ForEach-Object Message").ShouldSucceed().Output.Select(o => o.ToString()).ToList();
        Assert.Contains(log, l => l.Contains("1 inserted") && l.Contains("1 rejected"));
        Assert.Equal(log, Session.Run("Get-ConnectJobLog Nightly | ForEach-Object Message").ShouldSucceed().Output.Select(o => o.ToString()).ToList());
    }

    [Fact]
    public void A_failed_run_is_written_and_reported_as_an_error()
    {
        var result = Session.Run("Invoke-ConnectJob Nightly");
        var run = Assert.Single(result.Output);
        Assert.Equal(("Failed", "NoInboundFile"), (run.Properties["Status"].Value.ToString(), (string)run.Properties["ErrorId"].Value));
        var error = result.ShouldFailWith("NoInboundFile", ErrorCategory.OperationStopped);
        Assert.Contains("Nightly", error.Exception.Message);
        Assert.Equal(1, Value<int>("@(Get-ConnectJobRun -Status Failed).Count"));
        Assert.Equal(0, Value<int>("@(Get-ConnectJobRun -Status Succeeded).Count"));
    }

    [Fact]
    public void WhatIf_previews_a_run_without_recording_committing_or_moving()
    {
        DropDated("contacts_{today}.csv", "EMAIL_ADDRESS_,FIRST_NAME\na@example.com,A\n");
        var run = Assert.Single(Session.Run("Invoke-ConnectJob Nightly -WhatIf").ShouldSucceed().Output);
        Assert.Equal((true, 1L), ((bool)run.Properties["Preview"].Value, (long)run.Properties["Inserted"].Value));
        Assert.Equal("Insert line 2 (a@example.com): EMAIL_ADDRESS_ = a@example.com; FIRST_NAME = A", Session.Run("(Invoke-ConnectJob Nightly -WhatIf).Samples[0].ToString()").ShouldSucceed().Output.Single().ToString());
        Assert.Equal(0L, Value<long>("(Get-ConnectList Contacts).RecordCount"));
        Assert.Empty(Session.Run("Get-ConnectJobRun").ShouldSucceed().Output);
        Assert.Single(Directory.GetFiles(Folder));
    }

    [Fact]
    public void Jobs_are_found_changed_copied_disabled_and_removed()
    {
        Assert.Equal("Nightly", Value<string>("(Get-ConnectJob -Id (Get-ConnectJob Nightly).Id).Name"));
        Session.Run("Get-ConnectJob Nope").ShouldFailWith("JobNotFound", ErrorCategory.ObjectNotFound);
        Session.Run($"New-ConnectJob nightly -List Contacts -SourceDirectory '{Folder}' -FilePattern x").ShouldFailWith("JobExists", ErrorCategory.ResourceExists);
        Session.Run($"New-ConnectJob Other -List Nowhere -SourceDirectory '{Folder}' -FilePattern x").ShouldFailWith("ListNotFound", ErrorCategory.ObjectNotFound);
        Session.Run($"New-ConnectJob Other -List Contacts -SourceDirectory '{Folder}' -FilePattern x -MatchColumn SHOE").ShouldFailWith("ColumnNotFound", ErrorCategory.InvalidArgument);

        var settings = Session.Run("Set-ConnectJob Nightly -CountFile '{name}.cnt' -Delimiter ';' -FailIfEmpty -PassThru | ForEach-Object { $_.Settings.CountFile; $_.Settings.Format.Delimiter; $_.Settings.FailIfEmpty; $_.Settings.FilePattern }").ShouldSucceed().Output.Select(o => o.ToString());
        Assert.Equal(["{name}.cnt", ";", "True", "contacts_{yyyyMMdd}*.csv"], settings);
        Assert.Null(Session.Run("Set-ConnectJob Nightly -CountFile '' -PassThru | ForEach-Object { $_.Settings.CountFile }").ShouldSucceed().Output.Single()?.BaseObject);

        Session.Run("Copy-ConnectJob Nightly Second").ShouldFailWith("CopyNeedsInactiveJob", ErrorCategory.InvalidOperation);
        Session.Run("Disable-ConnectJob Nightly; Copy-ConnectJob Nightly Second").ShouldSucceed();
        Assert.Equal(["Nightly:False", "Second:False"], Session.Run("Get-ConnectJob | ForEach-Object { $_.Name + ':' + $_.Enabled }").Output.Select(o => o.ToString()));
        Assert.True(Value<bool>("(Enable-ConnectJob Second -PassThru).Enabled"));

        Session.Run("Remove-ConnectJob * -WhatIf").ShouldSucceed();
        Assert.Equal(2, Value<int>("@(Get-ConnectJob).Count"));
        Session.Run("Get-ConnectJob | Remove-ConnectJob -Confirm:$false").ShouldSucceed();
        Assert.Empty(Session.Run("Get-ConnectJob").ShouldSucceed().Output);
    }

    [Fact]
    public void Job_names_tab_complete()
    {
        Session.Run("Disable-ConnectJob Nightly; Copy-ConnectJob Nightly NightOwl; Copy-ConnectJob Nightly Daily").ShouldSucceed();
        var completions = Session.Run("$line = 'Invoke-ConnectJob -Name Nigh'; (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText").ShouldSucceed();
        Assert.Equal(["Nightly", "NightOwl"], completions.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void A_run_from_another_process_holds_the_job()
    {
        // Start a run in this process's store, as a second process would see it, and try again.
        DropDated("contacts_{today}.csv", "EMAIL_ADDRESS_,FIRST_NAME\na@example.com,A\n");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Session.StoreFolder, "control.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO run (job_id, run_id, status, started, host, pid, pid_started) SELECT id, 1, 'Running', '2026-01-01 00:00:00.000', '{Environment.MachineName}', {Environment.ProcessId}, '2001-01-01 00:00:00.000' FROM job;";
            command.ExecuteNonQuery();
        }

        // A pid that is alive but started at another time is a different process: the old run died.
        var run = Assert.Single(Session.Run("Invoke-ConnectJob Nightly").ShouldSucceed().Output);
        Assert.Equal(2L, (long)run.Properties["RunId"].Value);
        Assert.Equal("ProcessDied", Value<string>("(Get-ConnectJobRun -Status Failed).ErrorId"));
    }
}
