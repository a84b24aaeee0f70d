using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Data;
using ConnectJobs.Import;

namespace ConnectJobs.Commands;

/// <summary>Import-ConnectRecord: merges CSV files into a profile list or a table, once, by match
/// columns and merge rules. -WhatIf runs the whole import and reports what it would do without committing.</summary>
[Cmdlet(VerbsData.Import, "ConnectRecord", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(ImportResult))]
public sealed class ImportConnectRecordCommand : ImportOptionsCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string PathTableSet = "PathTable";
    private const string LiteralPathTableSet = "LiteralPathTable";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathTableSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathTableSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet)]
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = LiteralPathSet)]
    [ArgumentCompleter(typeof(Completion.ListNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string List { get; set; } = "";

    /// <summary>A supplemental or extension table, or a suppression list, instead of a list.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathTableSet)]
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathTableSet)]
    [ArgumentCompleter(typeof(Completion.TableNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Table { get; set; } = "";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RejectPath { get; set; }

    /// <summary>The passphrase of the -DecryptionKeyFile key (the user name is not used).</summary>
    [Parameter]
    [Credential]
    public PSCredential? DecryptionCredential { get; set; }

    private protected override bool OpensForWork => true;

    protected override void ProcessRecord()
    {
        foreach (var file in ResolveFiles(ParameterSetName is LiteralPathSet or LiteralPathTableSet ? null : Path, LiteralPath))
        {
            Run(() => ImportFile(file));
        }
    }

    private void ImportFile(string file)
    {
        var target = ParameterSetName is PathTableSet or LiteralPathTableSet ? FindTarget(Table, list: false) : FindTarget(List, list: true);
        var action = string.Format(CultureInfo.CurrentCulture, CommandMessages.ActionImport, file);
        var commit = ShouldProcess(action, action, CommandMessages.ActionImportCaption, out var reason);
        if (!commit && reason != ShouldProcessReason.WhatIf)
        {
            return;
        }

        var request = new ImportRequest(file, Import.Options(this))
        {
            RejectPath = RejectPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(RejectPath),
            Preview = !commit,
            DecryptionPassphrase = DecryptionCredential?.GetNetworkCredential().Password.ToCharArray(),
        };
        var result = AwaitWithProgress(progress => new Importer(Store).ImportAsync(target, request, progress, CancellationToken));
        foreach (var warning in result.Warnings)
        {
            WriteWarning(warning);
        }

        WriteObject(result);
    }
}
