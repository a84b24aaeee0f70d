using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

public class RecordCmdletTests
{
    [Fact]
    public void Records_from_hashtables_and_objects_come_back_as_typed_objects()
    {
        using var session = new PowerShellSession();
        session.Run("""
            New-ConnectList Contacts -Column 'FIRST_NAME:Text(50)', 'POINTS:Number', 'SPEND:Decimal', 'BORN:Timestamp'
            @{ EMAIL_ADDRESS_ = 'ann@example.com'; FIRST_NAME = 'Ann'; POINTS = 10; SPEND = 12.5; BORN = [datetime]::new(1990, 5, 6, 0, 0, 0, [DateTimeKind]::Utc); EMAIL_PERMISSION_STATUS_ = 'i' },
            [pscustomobject]@{ email_address_ = 'bob@example.com'; first_name = 'Bøb'; points = '20' } |
                Add-ConnectRecord -List Contacts
            """).ShouldSucceed();
        var records = session.Run("Get-ConnectRecord -List Contacts").ShouldSucceed().Output;
        Assert.Equal(2, records.Count);
        Assert.Equal("ConnectJobs.Record#Contacts", records[0].TypeNames[0]);
        Assert.Equal(1L, records[0].Properties["RIID_"].Value);
        Assert.Equal("Ann", records[0].Properties["FIRST_NAME"].Value);
        Assert.Equal(10L, records[0].Properties["POINTS"].Value);
        Assert.Equal(12.5m, records[0].Properties["SPEND"].Value);
        Assert.Equal(new DateTime(1990, 5, 6, 0, 0, 0, DateTimeKind.Utc), records[0].Properties["BORN"].Value);
        Assert.Equal("I", records[0].Properties["EMAIL_PERMISSION_STATUS_"].Value);
        Assert.IsType<DateTime>(records[0].Properties["CREATED_DATE_"].Value);
        Assert.Equal("Bøb", records[1].Properties["FIRST_NAME"].Value);
        Assert.Equal(20L, records[1].Properties["POINTS"].Value);
        Assert.Null(records[1].Properties["SPEND"].Value);
        Assert.Equal(2L, session.Run("(Get-ConnectList Contacts).RecordCount").Output.Single().BaseObject);
    }

    [Fact]
    public void One_bad_record_in_the_pipeline_and_none_is_added()
    {
        using var session = new PowerShellSession();
        session.Run("New-ConnectList Contacts -Column 'POINTS:Number'").ShouldSucceed();
        var error = session.Run("""
            @{ EMAIL_ADDRESS_ = 'a@example.com'; POINTS = 1 }, @{ EMAIL_ADDRESS_ = 'b@example.com'; POINTS = 'lots' }, @{ EMAIL_ADDRESS_ = 'c@example.com' } |
                Add-ConnectRecord -List Contacts
            """).ShouldFailWith("InvalidFieldValue", ErrorCategory.InvalidData);
        Assert.Equal("lots", error.TargetObject);
        Assert.Contains("Record 2, column 'POINTS'", error.Exception.Message);
        Assert.Empty(session.Run("Get-ConnectRecord -List Contacts").ShouldSucceed().Output);
        session.Run("Add-ConnectRecord -List Contacts -InputObject @{ NOPE = 1 }").ShouldFailWith("UnknownRecordField", ErrorCategory.InvalidArgument);
        session.Run("Add-ConnectRecord -List Contacts -InputObject @{ RIID_ = 1 }").ShouldFailWith("SystemFieldNotWritable", ErrorCategory.InvalidArgument);
        session.Run("Add-ConnectRecord -List Contacts -InputObject 'just text'").ShouldFailWith("InvalidRecordObject", ErrorCategory.InvalidArgument);
        session.Run("Add-ConnectRecord -List Nowhere -InputObject @{ POINTS = 1 }").ShouldFailWith("ListNotFound", ErrorCategory.ObjectNotFound);
        session.Run("Add-ConnectRecord -List Contacts -InputObject @{ POINTS = 1 } -WhatIf").ShouldSucceed();
        Assert.Empty(session.Run("Get-ConnectRecord -List Contacts").ShouldSucceed().Output);
    }

    [Fact]
    public void Get_ConnectRecord_pages_and_takes_lists_and_tables_from_the_pipeline()
    {
        using var session = new PowerShellSession();
        session.Run("""
            New-ConnectList Contacts
            1..25 | ForEach-Object { @{ EMAIL_ADDRESS_ = "p$_@example.com" } } | Add-ConnectRecord -List Contacts
            New-ConnectTable Products -Type Supplemental -Column SKU, 'QTY:Number' -PrimaryKey SKU
            Add-ConnectRecord -Table Products -InputObject @{ SKU = 'A'; QTY = 1 }, @{ SKU = 'B'; QTY = 2 }
            """).ShouldSucceed();
        Assert.Equal(["p11@example.com", "p12@example.com", "p13@example.com"],
            session.Run("Get-ConnectRecord -List Contacts -Skip 10 -First 3 | ForEach-Object EMAIL_ADDRESS_").ShouldSucceed().Output.Select(o => o.ToString()));
        Assert.Equal(["A", "B"], session.Run("Get-ConnectTable Products | Get-ConnectRecord | ForEach-Object SKU").ShouldSucceed().Output.Select(o => o.ToString()));
        Assert.Equal(25, session.Run("Get-ConnectList Contacts | Get-ConnectRecord").ShouldSucceed().Output.Count);
        Assert.Empty(session.Run("Get-ConnectRecord -List Contacts -First 0").ShouldSucceed().Output);
        session.Run("Get-ConnectRecord -Table Contacts").ShouldFailWith("TableNotFound", ErrorCategory.ObjectNotFound);
        Assert.Single(session.Run("Get-ConnectRecord -List Contacts -First -1").Errors);
    }

    [Fact]
    public void Duplicate_keys_name_the_record_and_key()
    {
        using var session = new PowerShellSession();
        session.Run("New-ConnectTable Products -Type Supplemental -Column SKU -PrimaryKey SKU").ShouldSucceed();
        var error = session.Run("Add-ConnectRecord -Table Products -InputObject @{ SKU = 'A' }, @{ SKU = 'A' }").ShouldFailWith("DuplicateKey", ErrorCategory.ResourceExists);
        Assert.Contains("Record 2", error.Exception.Message);
        Assert.Contains("SKU=A", error.Exception.Message);
    }

    [Fact]
    public void Adding_many_records_shows_progress_and_completes_it()
    {
        using var session = new PowerShellSession();
        session.Run("New-ConnectList Many -Column 'N:Number'").ShouldSucceed();
        var result = session.Run("1..2500 | ForEach-Object { @{ N = $_ } } | Add-ConnectRecord -List Many").ShouldSucceed();
        var ours = result.Progress.Where(p => p.Activity.Contains("'Many'")).ToList();
        Assert.NotEmpty(ours);
        Assert.Contains(ours, p => p.StatusDescription == "2,000 of 2,500 records" && p.PercentComplete == 80);
        Assert.Equal(ProgressRecordType.Completed, ours[^1].RecordType);
        Assert.Equal(2500L, session.Run("(Get-ConnectList Many).RecordCount").Output.Single().BaseObject);
    }

    [Fact]
    public void Ctrl_C_stops_a_large_add_and_nothing_is_added()
    {
        using var session = new PowerShellSession();
        session.Run("New-ConnectList Big -Column 'N:Number'").ShouldSucceed();
        var stopped = session.RunAndStop("1..2000000 | ForEach-Object { @{ N = $_ } } | Add-ConnectRecord -List Big", TimeSpan.FromSeconds(2));
        Assert.True(stopped, "the pipeline was still running after Stop()");
        Assert.Equal(0L, session.Run("(Get-ConnectList Big).RecordCount").ShouldSucceed().Output.Single().BaseObject);
    }
}
