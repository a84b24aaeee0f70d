using ConnectJobs.Data;

namespace ConnectJobs.Core.Tests;

public class FieldRulesTests
{
    private static readonly ColumnDefinition Email = SystemColumns.For(TargetKind.List).Single(c => c.Name == SystemColumns.EmailAddress);

    [Theory]
    [InlineData("ann@example.com")]
    [InlineData("o'brien+news@mail.example.co.uk")]
    [InlineData("X.Y@EXAMPLE.NL")]
    public void Good_addresses_pass(string address)
    {
        Assert.Null(FieldRules.Check(Email, address, "Line 2", out var stored));
        Assert.Equal(address, stored);
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
