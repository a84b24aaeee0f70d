using System.Management.Automation;
using ConnectJobs.Store;

namespace ConnectJobs.Commands;

/// <summary>Copy-ConnectStore: copies everything the session's store keeps (definitions, secrets,
/// records, run history, the ledger, events and feed positions) into an empty store, typically a
/// SQLite folder into the PostgreSQL database that several runner hosts are to share.</summary>
[Cmdlet(VerbsCommon.Copy, "ConnectStore", DefaultParameterSetName = ConnectionStringSet, SupportsShouldProcess = true)]
[OutputType(typeof(StoreCopyResult))]
public sealed class CopyConnectStoreCommand : ConnectCmdlet
{
    private const string PathSet = "Path";
    private const string ConnectionStringSet = "ConnectionString";

    /// <summary>The destination: an Npgsql connection string or a postgresql:// URI, without a password.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ConnectionStringSet)]
    [ValidateNotNullOrEmpty]
    public string ConnectionString { get; set; } = "";

    /// <summary>The PostgreSQL user and password of the destination; without it, PGPASSFILE (~/.pgpass).</summary>
    [Parameter(ParameterSetName = ConnectionStringSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The destination: a store folder (new, or holding an empty store).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [Alias("PSPath", "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    protected override void ProcessRecord() => Run(() =>
    {
        var location = ParameterSetName == PathSet ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path) : ConnectionString;
        var source = Store;
        if (!ShouldProcess(location, string.Format(System.Globalization.CultureInfo.CurrentCulture, CommandMessages.ActionCopyStore, source.Describe(StoreSource).Path)))
        {
            return;
        }

        var destination = Await(ConnectStore.OpenAsync(location, Credential?.GetNetworkCredential(), null, CancellationToken));
        try
        {
            var result = AwaitWithProgress(progress => ConnectStore.CopyAsync(source, destination, progress, CancellationToken));
            WriteObject(result);
            foreach (var table in result.Tables.Where(t => t.SourceRows != t.DestinationRows))
            {
                WriteError(new ErrorRecord(
                    new InvalidOperationException(string.Format(System.Globalization.CultureInfo.CurrentCulture, CommandMessages.StoreCopyCountDiffers, table.Target ?? table.Table, table.SourceRows, table.DestinationRows)),
                    ErrorIds.StoreCopyCountDiffers, ErrorCategory.InvalidResult, table));
            }
        }
        finally
        {
            if (destination is IAsyncDisposable disposable)
            {
                Await(disposable.DisposeAsync().AsTask());
            }
        }
    });
}
