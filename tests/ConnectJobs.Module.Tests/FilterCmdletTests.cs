using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

public sealed class FilterCmdletTests : IDisposable
{
    private readonly PowerShellSession _session = new();

    public FilterCmdletTests() => _session.Run("""
        New-ConnectList Contacts -Column 'FIRST_NAME:Text(20)', 'POINTS:Number'
        @(
            @{ EMAIL_ADDRESS_ = 'ann@example.nl'; FIRST_NAME = 'Ann'; COUNTRY_ = 'NL'; POINTS = 150 },
            @{ EMAIL_ADDRESS_ = 'bob@example.be'; FIRST_NAME = 'Bob'; COUNTRY_ = 'BE'; POINTS = 50 },
            @{ EMAIL_ADDRESS_ = 'cy@example.nl'; FIRST_NAME = 'Cy'; COUNTRY_ = 'nl' },
            @{ EMAIL_ADDRESS_ = 'dee@example.de'; COUNTRY_ = 'DE'; POINTS = 900 }) | Add-ConnectRecord -List Contacts
        """).ShouldSucceed();

    public void Dispose() => _session.Dispose();

    private string[] Names(string script) => _session.Run(script).ShouldSucceed().Output.Select(o => o.ToString()).ToArray();

    [Fact]
    public void Get_ConnectRecord_Filter_is_run_by_the_store_with_PowerShell_rules()
    {
        Assert.Equal(["Ann", "Cy"], Names("Get-ConnectRecord -List Contacts -Filter { $_.COUNTRY_ -eq 'NL' } | ForEach-Object FIRST_NAME"));
        Assert.Equal(["Ann"], Names("Get-ConnectRecord -List Contacts -Filter { $_.COUNTRY_ -ceq 'NL' } | ForEach-Object FIRST_NAME"));
        Assert.Equal(["Bob", "Cy"], Names("Get-ConnectRecord -List Contacts -Filter { $_.POINTS -lt 100 } | ForEach-Object FIRST_NAME"));
        Assert.Equal(["dee@example.de"], Names("Get-ConnectRecord -List Contacts -Filter { $_.FIRST_NAME -eq $null -and !($_.COUNTRY_ -in 'NL', 'BE') } | ForEach-Object EMAIL_ADDRESS_"));
        Assert.Equal(["Ann", "Bob", "Cy"], Names("$min = 100; Get-ConnectRecord -List Contacts -Filter { -not ($_.POINTS -gt $min -and $_.COUNTRY_ -like 'D*') -and $_.FIRST_NAME -like '*' -and $_.FIRST_NAME -ne '' } | ForEach-Object FIRST_NAME"));
        Assert.Equal(4, Names("Get-ConnectRecord -List Contacts -Filter { $_.CREATED_DATE_ -gt (Get-Date).AddDays(-1) -and $_.CREATED_DATE_ -lt [datetime]::Today.AddDays(2) }").Length);
    }

    [Fact]
    public void What_cannot_be_translated_is_refused_naming_the_construct_and_where_it_is()
    {
        var match = _session.Run("New-ConnectFilter Bad -List Contacts -Filter { $_.COUNTRY_ -eq 'NL' -and $_.FIRST_NAME -match '^A' }")
            .ShouldFailWith("FilterNotTranslatable", ErrorCategory.InvalidArgument);
        Assert.Contains("-match", match.Exception.Message);
        Assert.Contains("'$_.FIRST_NAME -match '^A'' (line 1, column 74): the operator -match", match.Exception.Message);

        var method = _session.Run("Get-ConnectRecord -List Contacts -Filter { $_.FIRST_NAME.ToUpper() -eq 'ANN' }").ShouldFailWith("FilterNotTranslatable", ErrorCategory.InvalidArgument);
        Assert.Contains("$_.FIRST_NAME.ToUpper()", method.Exception.Message);
        _session.Run("Get-ConnectRecord -List Contacts -Filter { $_.COUNTRY_ -eq 'NL' | Out-Default }").ShouldFailWith("FilterNotTranslatable", ErrorCategory.InvalidArgument);
        _session.Run("Get-ConnectRecord -List Contacts -Filter { $_.COUNTRY_ -eq $undefinedThing }").ShouldFailWith("FilterNotTranslatable", ErrorCategory.InvalidArgument);

        var column = _session.Run("New-ConnectFilter Bad -List Contacts -Filter { $_.SHOE_SIZE -gt 40 }").ShouldFailWith("FilterColumnNotFound", ErrorCategory.InvalidArgument);
        Assert.Contains("SHOE_SIZE", column.Exception.Message);
        _session.Run("New-ConnectFilter Bad -List Contacts -Filter { $_.POINTS -gt 'many' }").ShouldFailWith("FilterValueType", ErrorCategory.InvalidArgument);
        Assert.Empty(_session.Run("Get-ConnectFilter").ShouldSucceed().Output);
    }

    [Fact]
    public void Filters_are_saved_found_changed_completed_and_removed()
    {
        var filter = Assert.Single(_session.Run("New-ConnectFilter Dutch -List Contacts -Filter { $_.COUNTRY_ -eq 'NL' } -Description 'NL contacts' -PassThru").ShouldSucceed().Output);
        Assert.Equal(("Dutch", "Contacts", "$_.COUNTRY_ -eq 'NL'"), ((string)filter.Properties["Name"].Value, (string)filter.Properties["List"].Value, (string)filter.Properties["Script"].Value));
        _session.Run("New-ConnectFilter dutch -List Contacts -Filter { $_.COUNTRY_ -eq 'NL' }").ShouldFailWith("FilterExists", ErrorCategory.ResourceExists);

        Assert.Equal(["Ann", "Cy"], Names("Get-ConnectRecord -List Contacts -FilterName Dutch | ForEach-Object FIRST_NAME"));
        Assert.Equal(["Ann"], Names("Get-ConnectRecord -List Contacts -FilterName Dutch -Filter { $_.POINTS -gt 0 } | ForEach-Object FIRST_NAME"));

        _session.Run("Set-ConnectFilter Dutch { $_.COUNTRY_ -in 'NL', 'BE' } -NewName Benelux").ShouldSucceed();
        Assert.Equal(["Ann", "Bob", "Cy"], Names("Get-ConnectRecord -List Contacts -FilterName Benelux | ForEach-Object FIRST_NAME"));
        _session.Run("Set-ConnectFilter Benelux { $_.COUNTRY_ -match 'x' }").ShouldFailWith("FilterNotTranslatable", ErrorCategory.InvalidArgument);
        Assert.Equal(["$_.COUNTRY_ -in 'NL', 'BE'"], Names("Get-ConnectFilter Ben* | ForEach-Object Script"));

        Assert.Equal(["Benelux"], Names("$line = 'Get-ConnectRecord -List Contacts -FilterName Be'; (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText"));

        _session.Run("Remove-ConnectFilter Benelux -WhatIf").ShouldSucceed();
        Assert.Single(_session.Run("Get-ConnectFilter").ShouldSucceed().Output);
        _session.Run("Get-ConnectFilter -List Contacts | Remove-ConnectFilter -Confirm:$false").ShouldSucceed();
        _session.Run("Get-ConnectFilter Benelux").ShouldFailWith("FilterNotFound", ErrorCategory.ObjectNotFound);
    }

    [Fact]
    public void Removing_a_list_removes_its_filters()
    {
        _session.Run("New-ConnectFilter Dutch -List Contacts -Filter { $_.COUNTRY_ -eq 'NL' }; Remove-ConnectList Contacts -Confirm:$false").ShouldSucceed();
        Assert.Empty(_session.Run("Get-ConnectFilter").ShouldSucceed().Output);
    }
}
