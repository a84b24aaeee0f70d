using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

public class TableCmdletTests
{
    [Fact]
    public void The_three_kinds_of_table_are_created_and_filtered()
    {
        using var session = new PowerShellSession();
        session.Run("""
            New-ConnectList Contacts
            New-ConnectTable Products -Type Supplemental -Column 'SKU:Text(40)', 'PRICE:Decimal' -PrimaryKey sku
            New-ConnectTable Prefs -Type Extension -List Contacts -Column NEWSLETTER
            New-ConnectTable Blocklist -Kind Suppression
            """).ShouldSucceed();
        var all = session.Run("Get-ConnectTable | ForEach-Object { '{0}|{1}|{2}|{3}' -f $_.Name, $_.Kind, $_.List, ($_.PrimaryKey -join '+') }").ShouldSucceed();
        Assert.Equal(["Blocklist|Suppression||", "Prefs|Extension|Contacts|RIID_", "Products|Supplemental||SKU"], all.Output.Select(o => o.ToString()));
        Assert.Equal(["Prefs"], session.Run("Get-ConnectTable -List contacts | ForEach-Object Name").ShouldSucceed().Output.Select(o => o.ToString()));
        Assert.Equal(["Blocklist", "Products"], session.Run("Get-ConnectTable -Type Suppression, Supplemental | ForEach-Object Name").ShouldSucceed().Output.Select(o => o.ToString()));
        Assert.Equal("ConnectJobs.Data.DataTable", session.Run("Get-ConnectTable Products").Output.Single().TypeNames[0]);

        // Lists are not tables and tables are not lists.
        session.Run("Get-ConnectTable Contacts").ShouldFailWith("TableNotFound", ErrorCategory.ObjectNotFound);
        session.Run("Get-ConnectList Products").ShouldFailWith("ListNotFound", ErrorCategory.ObjectNotFound);
    }

    [Theory]
    [InlineData("New-ConnectTable T -Type Supplemental -Column A", "PrimaryKeyRequired", ErrorCategory.InvalidArgument)]
    [InlineData("New-ConnectTable T -Type Supplemental -Column A -PrimaryKey B", "PrimaryKeyColumnNotFound", ErrorCategory.InvalidArgument)]
    [InlineData("New-ConnectTable T -Type Extension -Column A", "ExtensionTableNeedsList", ErrorCategory.InvalidArgument)]
    [InlineData("New-ConnectTable T -Type Extension -List Nowhere", "ListNotFound", ErrorCategory.ObjectNotFound)]
    [InlineData("New-ConnectTable T -Type Suppression -Column A", "ColumnsNotAllowed", ErrorCategory.InvalidArgument)]
    [InlineData("New-ConnectTable T -Type Suppression -PrimaryKey A", "PrimaryKeyNotAllowed", ErrorCategory.InvalidArgument)]
    public void Bad_table_definitions_are_clear_errors_and_create_nothing(string command, string errorId, ErrorCategory category)
    {
        using var session = new PowerShellSession();
        session.Run(command).ShouldFailWith(errorId, category);
        Assert.Empty(session.Run("Get-ConnectTable").ShouldSucceed().Output);
    }

    [Fact]
    public void An_unknown_table_type_is_refused_at_binding()
    {
        using var session = new PowerShellSession();
        var error = Assert.Single(session.Run("New-ConnectTable T -Type List").Errors);
        Assert.StartsWith("CannotConvertArgumentNoMessage", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void Add_ConnectColumn_works_by_name_and_by_pipeline_all_or_none()
    {
        using var session = new PowerShellSession();
        session.Run("New-ConnectList Contacts -Column A; New-ConnectTable Products -Type Supplemental -Column SKU -PrimaryKey SKU; New-ConnectTable Block -Type Suppression").ShouldSucceed();
        session.Run("Add-ConnectColumn -List Contacts -Column 'B:Number'").ShouldSucceed();
        var piped = session.Run("Get-ConnectTable Products | Add-ConnectColumn -Column 'STOCK:Number', 'SEEN:Timestamp' -PassThru | ForEach-Object { ($_.Columns | ForEach-Object Name) -join ',' }").ShouldSucceed();
        Assert.Equal("CREATED_DATE_,MODIFIED_DATE_,SKU,STOCK,SEEN", piped.Output.Single().ToString());
        var error = session.Run("Add-ConnectColumn -List Contacts -Column C, a").ShouldFailWith("ColumnExists", ErrorCategory.ResourceExists);
        Assert.Equal("A", error.TargetObject);
        Assert.Equal(["A", "B"], session.Run("(Get-ConnectList Contacts).Columns | Where-Object { -not $_.IsSystem } | ForEach-Object Name").ShouldSucceed().Output.Select(o => o.ToString()));
        session.Run("Add-ConnectColumn -Table Block -Column X").ShouldFailWith("ColumnsNotAllowed", ErrorCategory.InvalidOperation);
        session.Run("Add-ConnectColumn -Table Contacts -Column X").ShouldFailWith("TableNotFound", ErrorCategory.ObjectNotFound);
        session.Run("Add-ConnectColumn -List Contacts -Column Z -WhatIf").ShouldSucceed();
        Assert.DoesNotContain("Z", session.Run("(Get-ConnectList Contacts).Columns | ForEach-Object Name").Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Remove_ConnectTable_deletes_a_table_but_not_its_list()
    {
        using var session = new PowerShellSession();
        session.Run("New-ConnectList Contacts; New-ConnectTable Prefs -Type Extension -List Contacts; New-ConnectTable Tmp_1 -Type Suppression; New-ConnectTable Tmp_2 -Type Suppression").ShouldSucceed();
        session.Run("Remove-ConnectTable Tmp_* -WhatIf").ShouldSucceed();
        Assert.Equal(3, session.Run("Get-ConnectTable").Output.Count);
        session.Run("Get-ConnectTable Tmp_* | Remove-ConnectTable -Confirm:$false; Remove-ConnectTable Prefs -Confirm:$false").ShouldSucceed();
        Assert.Empty(session.Run("Get-ConnectTable").ShouldSucceed().Output);
        Assert.Single(session.Run("Get-ConnectList Contacts").ShouldSucceed().Output);
    }
}
