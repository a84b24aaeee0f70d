using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

/// <summary>An import job's parameters and an export job's are separate parameter sets of
/// New-ConnectJob: PowerShell refuses a mix when it binds the command, before anything is done.</summary>
public sealed class JobKindParameterTests : SessionTest
{
    public JobKindParameterTests()
        : base("cj-kinds-") => Session.Run("New-ConnectList Contacts").ShouldSucceed();

    [Theory]
    [InlineData("-CountFile x.cnt")]
    [InlineData("-SettlingTime 00:01:00")]
    [InlineData("-ArchiveFolder done")]
    [InlineData("-MatchColumn EMAIL_ADDRESS_")]
    [InlineData("-FailIfEmpty")]
    [InlineData("-SourceDirectory in")]
    public void An_export_job_refuses_import_parameters_when_bound(string parameter)
    {
        var result = Session.Run($"New-ConnectJob Exp -Source Contacts -TargetDirectory '{Folder}' -FileName x.csv {parameter}");

        Assert.IsType<ParameterBindingException>(Assert.Single(result.Errors).Exception);
        Assert.Empty(Session.Run("Get-ConnectJob").ShouldSucceed().Output);
    }

    [Theory]
    [InlineData("-HashColumn EMAIL_ADDRESS_")]
    [InlineData("-RetentionDays 3")]
    [InlineData("-Incremental")]
    [InlineData("-PublicKeyFile key.asc")]
    [InlineData("-FileName x.csv")]
    public void An_import_job_refuses_export_parameters_when_bound(string parameter)
    {
        var result = Session.Run($"New-ConnectJob Imp -List Contacts -SourceDirectory '{Folder}' -FilePattern 'c_*.csv' {parameter}");

        Assert.IsType<ParameterBindingException>(Assert.Single(result.Errors).Exception);
        Assert.Empty(Session.Run("Get-ConnectJob").ShouldSucceed().Output);
    }

    [Fact]
    public void A_job_changed_with_the_other_kinds_parameter_is_refused_and_left_as_it_was()
    {
        Session.Run($"New-ConnectJob Imp -List Contacts -SourceDirectory '{Folder}' -FilePattern 'c_*.csv'").ShouldSucceed();

        // Set-ConnectJob learns the kind from the store, after binding.
        Session.Run("Set-ConnectJob Imp -RetentionDays 3").ShouldFailWith("ParameterNotForJobKind", ErrorCategory.InvalidArgument);
        Assert.IsType<ParameterBindingException>(Assert.Single(Session.Run("Set-ConnectJob Imp -CountFile x.cnt -HashColumn EMAIL_ADDRESS_").Errors).Exception);
        Assert.Equal("c_*.csv", Session.Run("(Get-ConnectJob Imp).Settings.FilePattern").ShouldSucceed().Output.Single().ToString());
    }

    [Fact]
    public void Every_option_of_a_job_is_shown_where_scripts_read_it()
    {
        Session.Run($"New-ConnectJob Imp -List Contacts -SourceDirectory '{Folder}' -FilePattern 'c_*.csv' -Delimiter ';' -MatchColumn CUSTOMER_ID_ -FailIfEmpty").ShouldSucceed();
        Session.Run($"New-ConnectJob Exp -Source Contacts -TargetDirectory '{Folder}' -FileName x.csv -Compression GZip -HashColumn EMAIL_ADDRESS_").ShouldSucceed();

        var missing = Session.Run("Get-ConnectJob | ForEach-Object { $s = $_.Settings; $s.Options.GetType().GetProperties().Name | Where-Object { $s.PSObject.Properties[$_] -eq $null } }").ShouldSucceed().Output;
        Assert.Empty(missing);
        Assert.Equal([";", "CUSTOMER_ID_", "True", "GZip", "EMAIL_ADDRESS_"],
            Session.Run("$i, $e = Get-ConnectJob Imp, Exp | ForEach-Object Settings; $i.Format.Delimiter; $i.MatchColumns; $i.FailIfEmpty; $e.Compression; $e.Protection.HashColumns").ShouldSucceed().Output.Select(o => o.ToString()));
    }
}
