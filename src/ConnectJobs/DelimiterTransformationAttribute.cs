using System.Management.Automation;

namespace ConnectJobs.Commands;

/// <summary>Lets -Delimiter take a name as well as a character: Comma or Csv, Tab or Tsv, Semicolon,
/// Pipe or Psv, so that scripts need not spell a tab as "`t".</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DelimiterTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) switch
        {
            string name when name.Length > 1 => name.ToUpperInvariant() switch
            {
                "COMMA" or "CSV" => ',',
                "TAB" or "TSV" => '\t',
                "SEMICOLON" => ';',
                "PIPE" or "PSV" => '|',
                _ => throw new ArgumentTransformationMetadataException(string.Format(System.Globalization.CultureInfo.CurrentCulture, CommandMessages.UnknownDelimiter, name)),
            },
            var other => other,
        };
}
