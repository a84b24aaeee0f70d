using System.Management.Automation;
using ConnectJobs.Store;

namespace ConnectJobs.Commands;

/// <summary>Open-ConnectStore: chooses the store of this session: a folder (SQLite), or a PostgreSQL
/// database that several runner hosts share.</summary>
[Cmdlet(VerbsCommon.Open, "ConnectStore", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
[OutputType(typeof(StoreInfo))]
public sealed class OpenConnectStoreCommand : ConnectCmdlet
{
    private const string PathSet = "Path";
    private const string DefaultSet = "Default";
    private const string ConnectionStringSet = "ConnectionString";

    /// <summary>The store folder; relative paths follow the current location.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>A PostgreSQL store: an Npgsql connection string or a postgresql:// URI, without a password.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ConnectionStringSet)]
    [ValidateNotNullOrEmpty]
    public string ConnectionString { get; set; } = "";

    /// <summary>The PostgreSQL user and password; without it, the user of the connection string and
    /// the password of PGPASSFILE (~/.pgpass).</summary>
    [Parameter(ParameterSetName = ConnectionStringSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>This host's folder for a PostgreSQL store's files (uploads, downloads, archives,
    /// rejects); by default one under the per-user data folder, named after the server and database.</summary>
    [Parameter(ParameterSetName = ConnectionStringSet)]
    [ValidateNotNullOrEmpty]
    public string? LocalFolder { get; set; }

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
        var location = ParameterSetName switch
        {
            DefaultSet => null,
            ConnectionStringSet => ConnectionString,
            _ => SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path),
        };
        var shown = location ?? StoreLocation.Resolve(null).Path;
        if (!ShouldProcess(shown, CommandMessages.ActionOpenStore))
        {
            return;
        }

        var (previous, previousCredential, previousLocal) = (StoreSession.Choice, StoreSession.Credential, StoreSession.LocalFolder);
        StoreSession.Choose(location, Credential?.GetNetworkCredential(), LocalFolder is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(LocalFolder));
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
            StoreSession.Choose(previous, previousCredential, previousLocal);
            throw;
        }
    });
}
