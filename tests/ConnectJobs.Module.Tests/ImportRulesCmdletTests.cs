using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

public sealed class ImportRulesCmdletTests : SessionTest
{
    public ImportRulesCmdletTests()
        : base("cj-rules-") => Session.Run("New-ConnectList Contacts").ShouldSucceed();

    [Fact]
    public void A_job_keeps_its_value_rules_and_opt_outs_become_events()
    {
        Session.Run($"New-ConnectJob Nightly -List Contacts -SourceDirectory '{Folder}' -FilePattern 'c_*.csv' -DefaultPermissionStatus I -MobileCountryCode 31 -MatchLikeNamedColumns -DateFormat 'dd-MM-yyyy'").ShouldSucceed();
        Assert.Equal(["I", "31", "True", "dd-MM-yyyy"], Session.Run("(Get-ConnectJob Nightly).Settings.Rules | ForEach-Object { $_.DefaultPermissionStatus; $_.MobileCountryCode; $_.MatchLikeNamedColumns; $_.DateFormat }").ShouldSucceed().Output.Select(o => o.ToString()));
        Session.Run("Set-ConnectJob Nightly -MobileCountryCode 0").ShouldSucceed();
        Assert.Null(Session.Run("(Get-ConnectJob Nightly).Settings.Rules.MobileCountryCode").ShouldSucceed().Output.Single()?.BaseObject);

        Drop("c_1.csv", "EMAIL_ADDR,MOBILE_NUMBER_\nann@example.com,06 1234 5678\n");
        Session.Run("Invoke-ConnectJob Nightly").ShouldSucceed();
        Drop("c_2.csv", "EMAIL_ADDRESS_,EMAIL_PERMISSION_STATUS_\nann@example.com,O\n");
        Session.Run("Invoke-ConnectJob Nightly").ShouldSucceed();

        var record = Assert.Single(Session.Run("Get-ConnectRecord -List Contacts").ShouldSucceed().Output);
        Assert.Equal(("O", "06 1234 5678"), ((string)record.Properties["EMAIL_PERMISSION_STATUS_"].Value, (string)record.Properties["MOBILE_NUMBER_"].Value));
        var opted = Assert.Single(Session.Run("Get-ConnectEvent -List Contacts -Type OptedOut").ShouldSucceed().Output);
        Assert.Equal(("c_2.csv", 1L), ((string)opted.Properties["Source"].Value, (long)opted.Properties["Riid"].Value));
        Assert.Empty(Session.Run("Get-ConnectEvent -Type OptedIn").ShouldSucceed().Output);
        Session.Run("Get-ConnectEvent -List Nowhere").ShouldFailWith("ListNotFound", ErrorCategory.ObjectNotFound);
    }

    [Fact]
    public void The_import_parameters_are_the_same_on_every_command_that_imports()
    {
        var names = Session.Run("'Import-ConnectRecord', 'New-ConnectJob', 'Set-ConnectJob' | ForEach-Object { @((Get-Command $_).Parameters.Keys | Where-Object { $_ -in 'MatchLikeNamedColumns', 'RequireEmail', 'EmailFormatMap', 'ReplaceAll' }).Count }").ShouldSucceed().Output.Select(o => o.ToString());
        Assert.Equal(["4", "4", "4"], names);
        Session.Run($"Import-ConnectRecord '{Drop("x.csv", "EMAIL_ADDRESS_\nann@example.com\n")}' -List Contacts -DefaultPermissionStatus X").ShouldFailWith("ParameterArgumentValidationError", ErrorCategory.InvalidData);
        Session.Run($"New-ConnectJob Exp -Source Contacts -TargetDirectory '{Folder}' -FileName x.csv -RequireEmail").ShouldFailWith("NamedParameterNotFound", ErrorCategory.InvalidArgument);
    }

    [Fact]
    public void A_job_made_from_a_manual_import_keeps_its_choices_and_refuses_a_changed_header()
    {
        var sample = Drop("sample.csv", "Mail;Voornaam\nann@example.com;Ann\n");
        Session.Run("New-ConnectList Shop -Column 'FIRST_NAME:Text(20)'").ShouldSucceed();
        var inbox = Directory.CreateDirectory(Path.Combine(Folder, "in")).FullName;
        Session.Run($"Import-ConnectRecord '{sample}' -List Shop -Delimiter ';' -Map @{{ Mail = 'EMAIL_ADDRESS_'; Voornaam = 'FIRST_NAME' }} -WhatIf | New-ConnectJob -Name ShopDaily -SourceDirectory '{inbox}' -FilePattern 'shop_*.csv'").ShouldSucceed();
        Assert.Equal(["Shop", ";", "Mail,Voornaam"], Session.Run("(Get-ConnectJob ShopDaily).Settings | ForEach-Object { $_.TargetList; $_.Format.Delimiter; $_.ExpectedHeader -join ',' }").ShouldSucceed().Output.Select(o => o.ToString()));

        File.WriteAllText(Path.Combine(inbox, "shop_1.csv"), "Mail;Voornaam\nbob@example.com;Bob\n");
        Assert.Equal("Succeeded", Session.Run("(Invoke-ConnectJob ShopDaily).Status").ShouldSucceed().Output.Single().ToString());

        File.WriteAllText(Path.Combine(inbox, "shop_2.csv"), "Email;Voornaam;Stad\ncy@example.com;Cy;Utrecht\n");
        var failed = Session.Run("Invoke-ConnectJob ShopDaily");
        var error = failed.ShouldFailWith("HeaderChanged", ErrorCategory.OperationStopped);
        Assert.Contains("missing Mail; new Email, Stad", error.Exception.Message);
        Assert.True(File.Exists(Path.Combine(inbox, "failed", "shop_2.csv")));
        Assert.Equal(["bob@example.com"], Session.Run("Get-ConnectRecord -List Shop | ForEach-Object EMAIL_ADDRESS_").ShouldSucceed().Output.Select(o => o.ToString()));

        Session.Run("Set-ConnectJob ShopDaily -ExpectedHeader @()").ShouldSucceed();
        Assert.Null(Session.Run("(Get-ConnectJob ShopDaily).Settings.ExpectedHeader").ShouldSucceed().Output.SingleOrDefault()?.BaseObject);
    }
}
