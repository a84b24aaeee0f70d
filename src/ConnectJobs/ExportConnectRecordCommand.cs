using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Data;
using ConnectJobs.Export;
using ConnectJobs.Locations;

namespace ConnectJobs.Commands;

/// <summary>Export-ConnectRecord: writes a list (or the records a filter selects) or a table to a
/// file, once, without defining a job. -WhatIf counts the records and writes nothing.</summary>
[Cmdlet(VerbsData.Export, "ConnectRecord", SupportsShouldProcess = true, DefaultParameterSetName = ExportSet)]
[OutputType(typeof(ExportResult))]
public sealed class ExportConnectRecordCommand : ExportOptionsCmdlet, IDynamicParameters
{
    private readonly FilterParameters _filter = new();

    /// <summary>The list or table; list and table objects bind by their Name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ArgumentCompleter(typeof(Completion.SourceNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Source { get; set; } = "";

    /// <summary>The file to write; relative paths follow the current location. Written under a
    /// temporary name first, so the file appears only when complete.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>The passphrase of the -SigningKeyFile key (the user name is not used).</summary>
    [Parameter]
    [Credential]
    public PSCredential? SigningCredential { get; set; }

    /// <summary>Also write '&lt;file&gt;.ready' when the file is complete.</summary>
    [Parameter]
    public ReadyFileContent ReadyFile { get; set; } = ReadyFileContent.None;

    /// <summary>Refuse to replace an existing file.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    public object GetDynamicParameters() => _filter;

    private protected override bool OpensForWork => true;

    protected override void ProcessRecord() => Run(() =>
    {
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var source = Await(Store.FindTargetAsync(Source, CancellationToken)) ?? throw DataTargetErrors.AnyNotFound(Source);
        CheckColumns(source, Column);
        if (NoClobber && File.Exists(path))
        {
            throw new ConnectException(ErrorIds.FileExists, ErrorKind.AlreadyExists, path, string.Format(CultureInfo.CurrentCulture, CommandMessages.FileExists, path));
        }

        var commit = ShouldProcess(
            string.Format(CultureInfo.CurrentCulture, CommandMessages.ActionExport, source.Name, path),
            string.Format(CultureInfo.CurrentCulture, CommandMessages.ActionExportQuestion, source.Name, path),
            CommandMessages.ActionExportCaption,
            out var reason);
        if (!commit && reason != ShouldProcessReason.WhatIf)
        {
            return;
        }

        var request = new ExportRequest
        {
            Source = new ExportSource { Target = source.Name, Expression = CombinedFilter(_filter, source), Columns = Column, Recipients = Recipients() },
            Options = ExportOptions(),
            SigningPassphrase = SigningCredential?.GetNetworkCredential().Password.ToCharArray(),
            ReadyFile = (ReadyFileKind)ReadyFile,
            Preview = !commit,
        };
        var folder = System.IO.Path.GetDirectoryName(path)!;
        WriteObject(AwaitWithProgress(progress => new Exporter(Store).ExportAsync(request, new LocalFolder(folder), System.IO.Path.GetFileName(path), progress, CancellationToken)));
    });
}
