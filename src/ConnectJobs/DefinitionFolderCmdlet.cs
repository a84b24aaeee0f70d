using System.Management.Automation;

namespace ConnectJobs.Commands;

/// <summary>What Export- and Import-ConnectDefinition share: the folder of definitions, by -Path or
/// -LiteralPath through the provider.</summary>
public abstract class DefinitionFolderCmdlet : ConnectCmdlet
{
    private protected const string PathSet = "Path";
    private protected const string LiteralPathSet = "LiteralPath";

    /// <summary>The folder of definitions.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = "";

    /// <summary>The folder as a file system path: -Path resolved (wildcards, to one folder that must
    /// exist) when <paramref name="existing"/>, else taken as written, as -LiteralPath always is.</summary>
    private protected string Folder(bool existing) => ParameterSetName == PathSet && existing
        ? GetResolvedProviderPathFromPSPath(Path, out _).Single()
        : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ParameterSetName == PathSet ? Path : LiteralPath);
}
