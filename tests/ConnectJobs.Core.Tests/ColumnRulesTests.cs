using ConnectJobs.Data;

namespace ConnectJobs.Core.Tests;

public class ColumnRulesTests
{
    [Theory]
    [InlineData("first_name", "FIRST_NAME")]
    [InlineData("1ST", "1ST")]
    [InlineData("A23456789012345678901234567890", "A23456789012345678901234567890")]
    public void Valid_names_are_stored_upper_case(string name, string expected) =>
        Assert.Equal(expected, ColumnRules.Normalize(new ColumnDefinition(name)).Name);

    [Theory]
    [InlineData("_LEADING", "InvalidColumnName")]
    [InlineData("HAS SPACE", "InvalidColumnName")]
    [InlineData("DASH-ED", "InvalidColumnName")]
    [InlineData("A234567890123456789012345678901", "InvalidColumnName")]
    [InlineData("", "InvalidColumnName")]
    [InlineData("MINE_", "ReservedColumnName")]
    public void Invalid_names_are_refused_with_the_name(string name, string errorId)
    {
        var e = Assert.Throws<ConnectException>(() => ColumnRules.Normalize(new ColumnDefinition(name)));
        Assert.Equal(errorId, e.ErrorId);
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains($"'{name}'", e.Message);
    }

    [Fact]
    public void Text_gets_a_default_length_and_lengths_are_checked()
    {
        Assert.Equal(500, ColumnRules.Normalize(new ColumnDefinition("A")).MaxLength);
        Assert.Equal("InvalidMaxLength", Assert.Throws<ConnectException>(() => ColumnRules.Normalize(new ColumnDefinition("A", ColumnType.Text, 4001))).ErrorId);
        Assert.Equal("MaxLengthOnNonText", Assert.Throws<ConnectException>(() => ColumnRules.Normalize(new ColumnDefinition("A", ColumnType.Number, 5))).ErrorId);
    }

    [Fact]
    public void Duplicate_columns_are_refused_whatever_their_case()
    {
        var e = Assert.Throws<ConnectException>(() => ColumnRules.NormalizeAll([new("points"), new("POINTS", ColumnType.Number)]));
        Assert.Equal("DuplicateColumn", e.ErrorId);
        Assert.Equal("POINTS", e.Target);
    }

    [Theory]
    [InlineData("POINTS:Number", "POINTS", ColumnType.Number, null)]
    [InlineData("NAME:Text(50)", "NAME", ColumnType.Text, 50)]
    [InlineData("  CITY  ", "CITY", ColumnType.Text, null)]
    [InlineData("PRICE:decimal", "PRICE", ColumnType.Decimal, null)]
    [InlineData("BORN:Timestamp", "BORN", ColumnType.Timestamp, null)]
    public void Column_specs_parse(string spec, string name, ColumnType type, int? length)
    {
        var column = ColumnDefinition.Parse(spec);
        Assert.Equal((name, type, length), (column.Name, column.Type, column.MaxLength));
    }

    [Theory]
    [InlineData("A:Blob")]
    [InlineData("A:Text(")]
    [InlineData("A B")]
    public void Bad_column_specs_say_how_to_write_one(string spec) =>
        Assert.Equal("InvalidColumnSpec", Assert.Throws<ConnectException>(() => ColumnDefinition.Parse(spec)).ErrorId);

    [Theory]
    [InlineData("Contacts")]
    [InlineData("nl.contacts-2026_v1")]
    public void Target_names_allow_dots_and_dashes(string name) => Assert.Equal(name, ColumnRules.NormalizeTargetName(name));

    [Theory]
    [InlineData("has space")]
    [InlineData("-leading")]
    [InlineData("semi;colon")]
    [InlineData("quote\"d")]
    public void Target_names_refuse_anything_else(string name) =>
        Assert.Equal("InvalidTargetName", Assert.Throws<ConnectException>(() => ColumnRules.NormalizeTargetName(name)).ErrorId);
}
