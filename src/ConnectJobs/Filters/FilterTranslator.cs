using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using ConnectJobs.Filters;

namespace ConnectJobs.Commands.Filters;

/// <summary>Turns a filter scriptblock into the engine's filter tree by reading its syntax tree; the
/// scriptblock is never run. What cannot be translated is refused here, naming the construct and
/// where it is, so that a filter never falls back to evaluating rows one by one.</summary>
internal sealed class FilterTranslator
{
    private readonly SessionState _session;

    private FilterTranslator(SessionState session) => _session = session;

    /// <summary>The filter tree of <paramref name="filter"/>; variables other than $_ take their
    /// value now, from <paramref name="session"/>.</summary>
    public static FilterNode Translate(ScriptBlock filter, SessionState session)
    {
        var body = (ScriptBlockAst)filter.Ast;
        var block = body.EndBlock;
        if (body.BeginBlock is not null || body.ProcessBlock is not null || body.ParamBlock is not null || block is null || block.Statements.Count != 1)
        {
            throw Refuse(body, CommandMessages.FilterOneExpression);
        }

        return new FilterTranslator(session).Condition(Expression(block.Statements[0]));
    }

    private static ExpressionAst Expression(StatementAst statement) =>
        statement is PipelineAst { PipelineElements: [CommandExpressionAst { Redirections.Count: 0 } command] }
            ? command.Expression
            : throw Refuse(statement, CommandMessages.FilterOneExpression);

    private FilterNode Condition(ExpressionAst ast)
    {
        switch (ast)
        {
            case ParenExpressionAst paren:
                return Condition(Expression(paren.Pipeline as StatementAst ?? throw Refuse(ast, CommandMessages.FilterOneExpression)));
            case UnaryExpressionAst { TokenKind: TokenKind.Not or TokenKind.Exclaim } not:
                return new Negation(Condition(not.Child));
            case BinaryExpressionAst { Operator: TokenKind.And } and:
                return new AllOf([.. Flatten<AllOf>(Condition(and.Left), a => a.Terms), .. Flatten<AllOf>(Condition(and.Right), a => a.Terms)]);
            case BinaryExpressionAst { Operator: TokenKind.Or } or:
                return new AnyOf([.. Flatten<AnyOf>(Condition(or.Left), a => a.Terms), .. Flatten<AnyOf>(Condition(or.Right), a => a.Terms)]);
            case BinaryExpressionAst binary:
                return Comparison(binary);
            default:
                throw Refuse(ast, CommandMessages.FilterNotAComparison);
        }
    }

    private static IEnumerable<FilterNode> Flatten<T>(FilterNode node, Func<T, IReadOnlyList<FilterNode>> terms)
        where T : FilterNode => node is T same ? terms(same) : [node];

    private FilterNode Comparison(BinaryExpressionAst binary)
    {
        var (op, caseSensitive) = Operator(binary);
        var (columnSide, valueSide, swapped) = Column(binary.Left) is { } left ? (left, binary.Right, false)
            : Column(binary.Right) is { } right ? (right, binary.Left, true)
            : throw Refuse(binary, CommandMessages.FilterNeedsColumn);
        if (op is "in" or "notin")
        {
            if (swapped)
            {
                throw Refuse(binary, CommandMessages.FilterInNeedsColumnFirst);
            }

            var values = Value(valueSide) is IEnumerable items and not string ? items.Cast<object?>().ToList() : [Value(valueSide)];
            return new Membership(columnSide, values.Select(v => Constant(v, valueSide)).ToList(), op == "notin", caseSensitive);
        }

        var value = Value(valueSide);
        if (value is null)
        {
            return op is "eq" or "ne" ? new NullTest(columnSide, Negated: op == "ne") : throw Refuse(binary, CommandMessages.FilterNullOnlyEquality);
        }

        var comparison = op switch
        {
            "eq" => ComparisonOperator.Eq,
            "ne" => ComparisonOperator.Ne,
            "gt" => swapped ? ComparisonOperator.Lt : ComparisonOperator.Gt,
            "ge" => swapped ? ComparisonOperator.Le : ComparisonOperator.Ge,
            "lt" => swapped ? ComparisonOperator.Gt : ComparisonOperator.Lt,
            "le" => swapped ? ComparisonOperator.Ge : ComparisonOperator.Le,
            "like" when !swapped => ComparisonOperator.Like,
            "notlike" when !swapped => ComparisonOperator.NotLike,
            _ => throw Refuse(binary, CommandMessages.FilterLikeNeedsColumnFirst),
        };
        return new Comparison(columnSide, comparison, Constant(value, valueSide), caseSensitive);
    }

    private static (string Operator, bool CaseSensitive) Operator(BinaryExpressionAst binary) => binary.Operator switch
    {
        TokenKind.Ieq => ("eq", false),
        TokenKind.Ceq => ("eq", true),
        TokenKind.Ine => ("ne", false),
        TokenKind.Cne => ("ne", true),
        TokenKind.Igt => ("gt", false),
        TokenKind.Cgt => ("gt", true),
        TokenKind.Ige => ("ge", false),
        TokenKind.Cge => ("ge", true),
        TokenKind.Ilt => ("lt", false),
        TokenKind.Clt => ("lt", true),
        TokenKind.Ile => ("le", false),
        TokenKind.Cle => ("le", true),
        TokenKind.Ilike => ("like", false),
        TokenKind.Clike => ("like", true),
        TokenKind.Inotlike => ("notlike", false),
        TokenKind.Cnotlike => ("notlike", true),
        TokenKind.Iin => ("in", false),
        TokenKind.Cin => ("in", true),
        TokenKind.Inotin => ("notin", false),
        TokenKind.Cnotin => ("notin", true),
        _ => throw Refuse(binary, string.Format(CultureInfo.CurrentCulture, CommandMessages.FilterOperator, binary.ErrorPosition.Text)),
    };

    /// <summary>$_.NAME (or $PSItem.NAME): the column it names, else null.</summary>
    private static string? Column(ExpressionAst ast) =>
        ast is MemberExpressionAst { Static: false, Expression: VariableExpressionAst { VariablePath.UserPath: "_" or "PSItem" }, Member: StringConstantExpressionAst member }
            && ast is not InvokeMemberExpressionAst
            ? member.Value
            : null;

    /// <summary>The value of the constant side: literals, arrays of them, [datetime] casts, variables
    /// (their value now), and today/now with AddDays, kept relative.</summary>
    private object? Value(ExpressionAst ast)
    {
        switch (ast)
        {
            case ConstantExpressionAst constant:
                return constant.Value;
            case ExpandableStringExpressionAst { NestedExpressions.Count: 0 } text:
                return text.Value;
            case VariableExpressionAst { VariablePath.UserPath: var name } variable:
                if (name.Equals("null", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                if (name is "_" or "PSItem")
                {
                    throw Refuse(ast, CommandMessages.FilterNeedsColumn);
                }

                var value = _session.PSVariable.GetValue(name.StartsWith("using:", StringComparison.OrdinalIgnoreCase) ? name[6..] : name, null)
                    ?? (_session.PSVariable.Get(name) is null ? throw Refuse(variable, string.Format(CultureInfo.CurrentCulture, CommandMessages.FilterUnknownVariable, name)) : null);
                return value is PSObject wrapped ? wrapped.BaseObject : value;
            case UnaryExpressionAst { TokenKind: TokenKind.Minus, Child: ConstantExpressionAst { Value: IConvertible number } }:
                return -Convert.ToDouble(number, CultureInfo.InvariantCulture);
            case ArrayLiteralAst array:
                return array.Elements.Select(Value).ToList();
            case ArrayExpressionAst { SubExpression.Statements: [var single] }:
                return Value(Expression(single)) is IEnumerable items and not string ? items.Cast<object?>().ToList() : [Value(Expression(single))];
            case ParenExpressionAst { Pipeline: PipelineAst { PipelineElements: [CommandAst command] } } when IsGetDate(command):
                return new FilterValue(FilterValueKind.DaysFromNow, "0");
            case ParenExpressionAst paren when paren.Pipeline is StatementAst statement:
                return Value(Expression(statement));
            case ConvertExpressionAst convert when convert.Type.TypeName.GetReflectionType() == typeof(DateTime):
                return Value(convert.Child) is string s && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? date
                    : throw Refuse(ast, CommandMessages.FilterDateLiteral);
            case MemberExpressionAst { Static: true, Expression: TypeExpressionAst type, Member: StringConstantExpressionAst member }
                when ast is not InvokeMemberExpressionAst && type.TypeName.GetReflectionType() == typeof(DateTime):
                return member.Value.ToUpperInvariant() switch
                {
                    "TODAY" => new FilterValue(FilterValueKind.DaysFromToday, "0"),
                    "NOW" or "UTCNOW" => new FilterValue(FilterValueKind.DaysFromNow, "0"),
                    _ => throw Refuse(ast, CommandMessages.FilterRelativeDate),
                };
            case MemberExpressionAst { Static: false, Member: StringConstantExpressionAst { Value: var member } } dateOf
                when ast is not InvokeMemberExpressionAst && member.Equals("Date", StringComparison.OrdinalIgnoreCase) && Value(dateOf.Expression) is FilterValue { Kind: FilterValueKind.DaysFromNow, Text: "0" }:
                return new FilterValue(FilterValueKind.DaysFromToday, "0");
            case InvokeMemberExpressionAst { Static: false, Member: StringConstantExpressionAst { Value: var method }, Arguments: [var argument] } add
                when method.Equals("AddDays", StringComparison.OrdinalIgnoreCase) && Value(add.Expression) is FilterValue { Kind: FilterValueKind.DaysFromNow or FilterValueKind.DaysFromToday } start:
                return Value(argument) is IConvertible days and not string
                    ? new FilterValue(start.Kind, (double.Parse(start.Text, CultureInfo.InvariantCulture) + Convert.ToDouble(days, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture))
                    : throw Refuse(argument, CommandMessages.FilterRelativeDate);
            default:
                throw Refuse(ast, CommandMessages.FilterNotAValue);
        }
    }

    private static bool IsGetDate(CommandAst command) =>
        command.CommandElements is [StringConstantExpressionAst { Value: var name }] && name.Equals("Get-Date", StringComparison.OrdinalIgnoreCase);

    private static FilterValue Constant(object? value, Ast where) => value switch
    {
        FilterValue relative => relative,
        string text => new FilterValue(FilterValueKind.Text, text),
        char c => new FilterValue(FilterValueKind.Text, c.ToString()),
        // [datetime]'2026-01-01' means midnight where the user is, as it does in PowerShell.
        DateTime date => FilterValue.At(date.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(date, DateTimeKind.Local) : date),
        DateTimeOffset offset => FilterValue.At(offset.UtcDateTime),
        bool => throw Refuse(where, CommandMessages.FilterNotAValue),
        IConvertible number when number.GetTypeCode() is >= TypeCode.SByte and <= TypeCode.Decimal =>
            new FilterValue(FilterValueKind.Number, Convert.ToString(number, CultureInfo.InvariantCulture)!),
        _ => throw Refuse(where, CommandMessages.FilterNotAValue),
    };

    private static ConnectException Refuse(Ast ast, string reason) =>
        new(ErrorIds.FilterNotTranslatable, ErrorKind.InvalidArgument, ast.Extent.Text, string.Format(CultureInfo.CurrentCulture,
            CommandMessages.FilterNotTranslatable, ast.Extent.Text, ast.Extent.StartLineNumber, ast.Extent.StartColumnNumber, reason));
}
