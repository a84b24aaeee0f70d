using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

public sealed class ImportCmdletTests : SessionTest
{
    public ImportCmdletTests()
        : base("cj-files-") =>
        Session.Run("New-ConnectList Contacts -Column 'FIRST_NAME:Text(20)'; Add-ConnectRecord -List Contacts -InputObject @{ EMAIL_ADDRESS_ = 'ann@example.com'; FIRST_NAME = 'Ann' }").ShouldSucceed();

    private List<string> Names() =>
        Session.Run("Get-ConnectRecord -List Contacts | ForEach-Object { $_.EMAIL_ADDRESS_ + '=' + $_.FIRST_NAME }").ShouldSucceed().Output.Select(o => o.ToString()).ToList();

    [Fact]
    public void A_file_relative_to_the_current_location_is_merged_and_the_result_says_what_happened()
    {
        Drop("contacts.csv", "EMAIL_ADDRESS_,FIRST_NAME,SHOE\nANN@example.com,Annie,38\nbob@example.com,Bob,44\nnot-an-email,X,1\n");
        var result = Session.Run($"$null = $ExecutionContext.SessionState.Path.SetLocation('{Folder}'); Import-ConnectRecord ./contacts.csv -List Contacts");
        var import = Assert.Single(result.Output);
        Assert.Equal("ConnectJobs.Import.ImportResult", import.TypeNames[0]);
        Assert.Equal((3L, 1L, 1L, 1L, true), ((long)import.Properties["RowsRead"].Value, (long)import.Properties["Inserted"].Value, (long)import.Properties["Updated"].Value, (long)import.Properties["Rejected"].Value, (bool)import.Properties["Committed"].Value));
        Assert.Empty(result.Errors);
        Assert.Contains(result.Warnings, w => w.Contains("SHOE"));
        var rejectFile = (string)import.Properties["RejectFile"].Value;
        Assert.StartsWith(Path.Combine(Session.StoreFolder, "rejects"), rejectFile);
        Assert.Contains("not-an-email", System.IO.File.ReadAllText(rejectFile));
        Assert.Equal(["ann@example.com=Annie", "bob@example.com=Bob"], Names());
        Assert.Equal(0L, (long)Session.Run($"(Import-ConnectRecord '{Path.Combine(Folder, "contacts.csv")}' -List Contacts -WarningAction SilentlyContinue).Updated").Output.Single().BaseObject);
    }

    [Fact]
    public void WhatIf_runs_the_import_and_commits_nothing()
    {
        var path = Drop("preview.csv", "EMAIL_ADDRESS_,FIRST_NAME\nann@example.com,Changed\nnew@example.com,New\n");
        var import = Assert.Single(Session.Run($"Import-ConnectRecord '{path}' -List Contacts -WhatIf").ShouldSucceed().Output);
        Assert.Equal((1L, 1L, false), ((long)import.Properties["Inserted"].Value, (long)import.Properties["Updated"].Value, (bool)import.Properties["Committed"].Value));
        Assert.Equal(["ann@example.com=Ann"], Names());
    }

    [Fact]
    public void Wildcards_import_every_matching_file_and_options_reach_the_reader()
    {
        Drop("day1.csv", "Mail;Voornaam\nc1@example.com;Cees\n");
        Drop("day2.csv", "Mail;Voornaam\nc2@example.com;Corrie\n");
        var results = Session.Run($"Import-ConnectRecord '{Path.Combine(Folder, "day*.csv")}' -List Contacts -Delimiter ';' -Map @{{ Mail = 'EMAIL_ADDRESS_'; Voornaam = 'FIRST_NAME' }}").ShouldSucceed();
        Assert.Equal(2, results.Output.Count);
        Assert.Equal(["ann@example.com=Ann", "c1@example.com=Cees", "c2@example.com=Corrie"], Names());
    }

    [Fact]
    public void A_file_without_a_header_line_names_its_columns_with_Header()
    {
        var path = Drop("feed.tsv", "d@example.com\tDirk\n");
        Session.Run($"Import-ConnectRecord -LiteralPath '{path}' -List Contacts -Delimiter \"`t\" -Header EMAIL_ADDRESS_, FIRST_NAME").ShouldSucceed();
        Assert.Contains("d@example.com=Dirk", Names());
    }

    [Theory]
    [InlineData("EMAIL_ADDRESS_,FIRST_NAME\nx@example.com,\"open\n", "", "UnterminatedQuote", ErrorCategory.InvalidData)]
    [InlineData("", "", "EmptyFile", ErrorCategory.InvalidData)]
    [InlineData("EMAIL_ADDRESS_,FIRST_NAME\nx@example.com,X\n", "-Map @{ NOPE = 'FIRST_NAME' }", "MappedColumnNotInFile", ErrorCategory.InvalidArgument)]
    [InlineData("EMAIL_ADDRESS_,FIRST_NAME\nx@example.com,X\n", "-MatchColumn CUSTOMER_ID_", "MatchColumnNotMapped", ErrorCategory.InvalidArgument)]
    [InlineData("EMAIL_ADDRESS_,FIRST_NAME\nx@example.com,\u0081\n", "-Encoding Windows1252", "InvalidEncoding", ErrorCategory.InvalidData)]
    public void A_bad_file_or_mapping_is_a_clear_error_and_loads_nothing(string text, string options, string errorId, ErrorCategory category)
    {
        var path = Drop("bad.csv", text);
        var error = Session.Run($"Import-ConnectRecord '{path}' -List Contacts {options}").ShouldFailWith(errorId, category);
        Assert.Equal("Import-ConnectRecord", error.InvocationInfo.MyCommand.Name);
        Assert.Equal(["ann@example.com=Ann"], Names());
        Assert.True(System.IO.File.Exists(path));
    }

    [Fact]
    public void A_missing_file_or_list_is_ObjectNotFound()
    {
        Session.Run($"Import-ConnectRecord -LiteralPath '{Path.Combine(Folder, "gone.csv")}' -List Contacts").ShouldFailWith("InboundFileNotFound", ErrorCategory.ObjectNotFound);
        Session.Run($"Import-ConnectRecord '{Drop("ok.csv", "EMAIL_ADDRESS_\nz@example.com\n")}' -List Nowhere").ShouldFailWith("ListNotFound", ErrorCategory.ObjectNotFound);
    }

    [Fact]
    public void A_large_import_shows_progress_and_Ctrl_C_leaves_the_list_as_it_was()
    {
        var rows = string.Concat(Enumerable.Range(0, 40_000).Select(i => $"p{i}@example.com,P{i}\n"));
        var path = Drop("large.csv", "EMAIL_ADDRESS_,FIRST_NAME\n" + rows);
        var result = Session.Run($"Import-ConnectRecord '{path}' -List Contacts -WhatIf").ShouldSucceed();
        Assert.Contains(result.Progress, p => p.StatusDescription == "20,000 rows read");
        Assert.Equal(ProgressRecordType.Completed, result.Progress[^1].RecordType);

        var big = Drop("bigger.csv", "EMAIL_ADDRESS_,FIRST_NAME\n" + string.Concat(Enumerable.Repeat(rows, 10)));
        Assert.True(Session.RunAndStop($"Import-ConnectRecord '{big}' -List Contacts", TimeSpan.FromMilliseconds(300)));
        Assert.Equal(["ann@example.com=Ann"], Names());
    }
}
