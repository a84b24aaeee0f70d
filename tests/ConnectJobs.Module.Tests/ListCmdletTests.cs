using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

public class ListCmdletTests
{
    [Fact]
    public void New_ConnectList_creates_a_list_that_Get_ConnectList_shows()
    {
        using var session = new PowerShellSession();
        var created = session.Run("New-ConnectList -Name Contacts -Column 'first_name:Text(50)', @{ Name = 'POINTS'; Type = 'Number' } -Description 'All contacts' -PassThru").ShouldSucceed();
        var list = Assert.Single(created.Output);
        Assert.Equal("ConnectJobs.Data.ProfileList", list.TypeNames[0]);
        var found = session.Run("Get-ConnectList -Name contacts | ForEach-Object { $_.Name; $_.Description; $_.RecordCount; ($_.Columns | Where-Object { -not $_.IsSystem } | ForEach-Object { '{0}:{1}:{2}' -f $_.Name, $_.Type, $_.MaxLength }) -join ',' }").ShouldSucceed();
        Assert.Equal(["Contacts", "All contacts", "0", "FIRST_NAME:Text:50,POINTS:Number:"], found.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void New_ConnectList_writes_nothing_without_PassThru_and_nothing_at_all_with_WhatIf()
    {
        using var session = new PowerShellSession();
        Assert.Empty(session.Run("New-ConnectList Quiet").ShouldSucceed().Output);
        Assert.Empty(session.Run("New-ConnectList Pretend -WhatIf").ShouldSucceed().Output);
        Assert.Equal(["Quiet"], session.Run("Get-ConnectList | ForEach-Object Name").ShouldSucceed().Output.Select(o => o.ToString()));
    }

    [Theory]
    [InlineData("New-ConnectList Bad -Column 'NAME_'", "ReservedColumnName", "NAME_")]
    [InlineData("New-ConnectList Bad -Column 'HAS-DASH'", "InvalidColumnName", "HAS-DASH")]
    [InlineData("New-ConnectList Bad -Column 'A234567890123456789012345678901'", "InvalidColumnName", "A234567890123456789012345678901")]
    [InlineData("New-ConnectList Bad -Column 'A','a'", "DuplicateColumn", "A")]
    [InlineData("New-ConnectList Bad -Column 'EMAIL_ADDRESS_'", "ReservedColumnName", "EMAIL_ADDRESS_")]
    [InlineData("New-ConnectList 'Bad Name'", "InvalidTargetName", "Bad Name")]
    [InlineData("New-ConnectList Bad -Column 'A:Text(9000)'", "InvalidMaxLength", "A")]
    public void Column_and_name_rules_are_clear_errors_and_nothing_is_created(string command, string errorId, string target)
    {
        using var session = new PowerShellSession();
        var error = session.Run(command).ShouldFailWith(errorId, ErrorCategory.InvalidArgument);
        Assert.Equal(target, error.TargetObject);
        Assert.Contains(target, error.Exception.Message);
        Assert.Empty(session.Run("Get-ConnectList").ShouldSucceed().Output);
    }

    [Fact]
    public void A_bad_column_spec_fails_at_binding_with_how_to_write_one()
    {
        using var session = new PowerShellSession();
        var error = Assert.Single(session.Run("New-ConnectList Bad -Column 'A:Blob'").Errors);
        Assert.Equal("CannotConvertArgumentNoMessage,ConnectJobs.Commands.NewConnectListCommand", error.FullyQualifiedErrorId);
        Assert.Contains("NAME:TYPE", error.Exception.Message);
    }

    [Fact]
    public void A_taken_name_is_ResourceExists()
    {
        using var session = new PowerShellSession();
        session.Run("New-ConnectList Taken").ShouldSucceed();
        var error = session.Run("New-ConnectList TAKEN").ShouldFailWith("TargetExists", ErrorCategory.ResourceExists);
        Assert.Equal("TAKEN", error.TargetObject);
    }

    [Fact]
    public void Get_ConnectList_takes_wildcards_and_reports_a_missing_exact_name()
    {
        using var session = new PowerShellSession();
        session.Run("'NL_Contacts','NL_Prospects','BE_Contacts' | ForEach-Object { New-ConnectList $_ }").ShouldSucceed();
        Assert.Equal(["NL_Contacts", "NL_Prospects"], session.Run("Get-ConnectList 'nl_*' | ForEach-Object Name").ShouldSucceed().Output.Select(o => o.ToString()));
        Assert.Empty(session.Run("Get-ConnectList 'XX*'").ShouldSucceed().Output);
        var missing = session.Run("Get-ConnectList NL_Contacts, Missing | ForEach-Object Name");
        Assert.Equal(["NL_Contacts"], missing.Output.Select(o => o.ToString()));
        var error = missing.ShouldFailWith("ListNotFound", ErrorCategory.ObjectNotFound);
        Assert.Equal("Missing", error.TargetObject);
        Assert.Equal("Get-ConnectList", error.InvocationInfo.MyCommand.Name);
    }

    [Fact]
    public void Set_ConnectList_renames_and_describes_by_pipeline()
    {
        using var session = new PowerShellSession();
        session.Run("New-ConnectList Old; New-ConnectList Other").ShouldSucceed();
        var renamed = session.Run("Get-ConnectList Old | Set-ConnectList -NewName New -Description 'Renamed' -PassThru | ForEach-Object { $_.Name + '/' + $_.Description }").ShouldSucceed();
        Assert.Equal("New/Renamed", renamed.Output.Single().ToString());
        session.Run("Set-ConnectList New -NewName Other").ShouldFailWith("TargetExists", ErrorCategory.ResourceExists);
        session.Run("Set-ConnectList Gone -Description x").ShouldFailWith("ListNotFound", ErrorCategory.ObjectNotFound);
        session.Run("Set-ConnectList New -NewName Changed -WhatIf").ShouldSucceed();
        Assert.Equal(["New", "Other"], session.Run("Get-ConnectList | ForEach-Object Name").Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Remove_ConnectList_is_high_impact_honours_WhatIf_and_takes_the_pipeline()
    {
        using var session = new PowerShellSession();
        session.Run("New-ConnectList Keep; New-ConnectList Drop1; New-ConnectList Drop2; New-ConnectTable Ext -Type Extension -List Drop1").ShouldSucceed();
        Assert.Equal("High", session.Run("(Get-Command Remove-ConnectList).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact").Output.Single().ToString());
        session.Run("Remove-ConnectList Drop* -WhatIf").ShouldSucceed();
        Assert.Equal(3, session.Run("Get-ConnectList").Output.Count);
        session.Run("Get-ConnectList Drop* | Remove-ConnectList -Confirm:$false").ShouldSucceed();
        Assert.Equal(["Keep"], session.Run("Get-ConnectList | ForEach-Object Name").Output.Select(o => o.ToString()));
        Assert.Empty(session.Run("Get-ConnectTable").ShouldSucceed().Output);
        session.Run("Remove-ConnectList Nope -Confirm:$false").ShouldFailWith("ListNotFound", ErrorCategory.ObjectNotFound);
    }

    [Fact]
    public void Remove_ConnectList_asks_before_deleting()
    {
        using var session = new PowerShellSession();
        session.Run("New-ConnectList Asked").ShouldSucceed();

        // With no host to answer the prompt, the confirmation itself fails: the list must survive.
        var result = session.Run("Remove-ConnectList Asked");
        Assert.NotEmpty(result.Errors);
        Assert.Single(session.Run("Get-ConnectList Asked").ShouldSucceed().Output);
    }

    [Fact]
    public void List_names_tab_complete_from_the_store()
    {
        using var session = new PowerShellSession();
        session.Run("New-ConnectList Contacts; New-ConnectList Customers; New-ConnectList Prospects; New-ConnectTable Colors -Type Supplemental -Column C -PrimaryKey C").ShouldSucceed();
        var completions = session.Run("""
            $line = 'Get-ConnectList -Name C'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText
            $line = 'Get-ConnectRecord -Table C'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText
            """).ShouldSucceed();
        Assert.Equal(["Contacts", "Customers", "Colors"], completions.Output.Select(o => o.ToString()));
    }
}
