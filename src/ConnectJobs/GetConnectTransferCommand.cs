using System.Management.Automation;
using ConnectJobs.Locations;

namespace ConnectJobs.Commands;

/// <summary>Get-ConnectTransfer: the file ledger, the files jobs took in and delivered.</summary>
[Cmdlet(VerbsCommon.Get, "ConnectTransfer")]
[OutputType(typeof(FileTransfer))]
public sealed class GetConnectTransferCommand : ConnectCmdlet
{
    /// <summary>Only the files of this job.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ArgumentCompleter(typeof(Completion.JobNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Job { get; set; }

    /// <summary>Only transfers after this time.</summary>
    [Parameter]
    public DateTime? After { get; set; }

    protected override void ProcessRecord() => Run(() =>
        WriteObject(Await(Store.GetTransfersAsync(Job is null ? null : FindJob(Job).Id, After?.ToUniversalTime(), CancellationToken)), enumerateCollection: true));
}
