using System.Management.Automation;
using ConnectJobs.Store;

namespace ConnectJobs.Commands;

/// <summary>Open-ConnectStore: chooses the store folder for this session.</summary>
[Cmdlet(VerbsCommon.Open, "ConnectStore", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(StoreInfo))]
public sealed class OpenConnectStoreCommand : ConnectCmdlet
{
    private const string PathSet = "Path";
    private const string DefaultSet = "Default";

    /// <summary>The store folder; relative paths follow the current location.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Goes back to $env:CONNECTJOBS_STORE or the per-user default.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DefaultSet)]
    public SwitchParameter Default { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private protected override bool OpensForWork => true;

    protected override void ProcessRecord() => Run(() =>
    {
        // The folder may not exist yet: resolve without requiring it, through the provider so that
        // relative paths and PSDrives work as they do for Export-Csv.
        var folder = Default ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var shown = folder ?? StoreLocation.Resolve(null).Path;
        if (!ShouldProcess(shown, CommandMessages.ActionOpenStore))
        {
            return;
        }

        var previous = StoreSession.Choice;
        StoreSession.Choose(folder);
        try
        {
            // Open now so that a bad folder or a newer store fails here, not at the next command.
            var info = DescribeStore();
            if (PassThru)
            {
                WriteObject(info);
            }
        }
        catch
        {
            StoreSession.Choose(previous);
            throw;
        }
    });
}
