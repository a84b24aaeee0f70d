using System.Management.Automation;

namespace ConnectJobs.Commands;

/// <summary>-Filter and -FilterName as Get-ConnectRecord and Export-ConnectRecord take them (their
/// dynamic parameters, so that they are declared once).</summary>
public sealed class FilterParameters
{
    /// <summary>Only the list's records this condition selects, e.g. { $_.COUNTRY_ -eq 'NL' }; run by the
    /// store as SQL, never row by row.</summary>
    [Parameter]
    public ScriptBlock? Filter { get; set; }

    /// <summary>Only the list's records a saved filter selects.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Completion.FilterNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? FilterName { get; set; }
}
