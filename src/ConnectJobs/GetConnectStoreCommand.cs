using System.Management.Automation;
using ConnectJobs.Store;

namespace ConnectJobs.Commands;

/// <summary>Get-ConnectStore: shows the store this session uses and where the choice came from.</summary>
[Cmdlet(VerbsCommon.Get, "ConnectStore")]
[OutputType(typeof(StoreInfo))]
public sealed class GetConnectStoreCommand : ConnectCmdlet
{
    protected override void EndProcessing() => Run(() => WriteObject(DescribeStore()));
}
