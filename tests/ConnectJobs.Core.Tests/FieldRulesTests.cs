using ConnectJobs.Data;

namespace ConnectJobs.Core.Tests;

public class FieldRulesTests
{
    private static readonly ColumnDefinition Email = SystemColumns.For(TargetKind.List).Single(c => c.Name == SystemColumns.EmailAddress);

    [Theory]
    [InlineData("ann@example.com")]
    [InlineData("o'brien+news@mail.example.co.uk")]
    [InlineData("X.Y@EXAMPLE.NL")]
    [InlineData("shop@example.amsterdam")]
    [InlineData("info@example.xn--p1ai")]
    public void Good_addresses_pass(string address)
    {
        Assert.Null(FieldRules.Check(Email, address, "Line 2", out var stored));
        Assert.Equal(address, stored);
    }

    [Theory]
    [InlineData("ann@example.cmo", "cmo")]
    [InlineData("ann@example.con", "con")]
    [InlineData("ann@example.xn--nothing", "xn--nothing")]
    public void Addresses_whose_top_level_domain_IANA_does_not_know_are_refused(string address, string tld)
    {
        var problem = FieldRules.Check(Email, address, "Line 4", out _);
        Assert.Equal(("UnknownTopLevelDomain", "EMAIL_ADDRESS_"), (problem?.Rule, problem?.Column));
        Assert.Contains($"'.{tld}'", problem!.Message);
        Assert.StartsWith("Line 4", problem.Message);
    }

    [Theory]
    [InlineData("no-at-sign.example.com")]
    [InlineData("two@@example.com")]
    [InlineData("dot..dot@example.com")]
    [InlineData("ann@example")]
    [InlineData("ann@-example.com")]
    [InlineData("ann @example.com")]
    [InlineData("ann@example.c0m")]
    public void Bad_addresses_are_named_with_where_and_column(string address)
    {
        var problem = FieldRules.Check(Email, address, "Line 7", out _);
        Assert.NotNull(problem);
        Assert.Equal(("InvalidEmail", "EMAIL_ADDRESS_"), (problem.Rule, problem.Column));
        Assert.StartsWith("Line 7, column 'EMAIL_ADDRESS_'", problem.Message);
    }
}
