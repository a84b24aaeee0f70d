using System.Management.Automation.Runspaces;

namespace ConnectJobs.Host;

/// <summary>A script's command-line arguments as pwsh -File turns them into parameters.</summary>
internal static class ScriptArguments
{
    /// <summary>'-Name' is a parameter name that the binder gives the next argument unless it is a
    /// switch (the name keeps its dash: that is what marks it as such to the binder); '-Name:value'
    /// and '-Name: value' are a name with its value ('$true' and '$false' as booleans); anything
    /// else, '-5' too, is a value.</summary>
    public static IEnumerable<CommandParameter> Parse(IReadOnlyList<string> arguments)
    {
        string? pending = null;
        foreach (var argument in arguments)
        {
            if (pending is not null)
            {
                yield return new CommandParameter(pending, argument);
                pending = null;
            }
            else if (argument.Length > 1 && argument[0] == '-' && !char.IsAsciiDigit(argument[1]) && argument[1] != '.')
            {
                var colon = argument.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    yield return new CommandParameter(argument);
                }
                else if (colon == argument.Length - 1)
                {
                    pending = argument[1..^1];
                }
                else
                {
                    var value = argument[(colon + 1)..];
                    yield return new CommandParameter(argument[1..colon], value switch { "$true" => true, "$false" => false, _ => value });
                }
            }
            else
            {
                yield return new CommandParameter(null, argument);
            }
        }
    }
}
