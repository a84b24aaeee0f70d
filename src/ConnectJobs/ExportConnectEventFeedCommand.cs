using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Events;
using ConnectJobs.Export;
using ConnectJobs.Locations;

namespace ConnectJobs.Commands;

/// <summary>Export-ConnectEventFeed (alias Export-EventFeed): writes events to files in a feed's
/// layout, one per event type, now, into a folder, as Export-ConnectRecord does for records. It
/// moves no feed's position: feed jobs export incrementally, this exports what it is asked for.</summary>
[Cmdlet(VerbsData.Export, "ConnectEventFeed", SupportsShouldProcess = true, DefaultParameterSetName = ExportSet)]
[Alias("Export-EventFeed")]
[OutputType(typeof(ExportResult))]
public sealed class ExportConnectEventFeedCommand : ExportOptionsCmdlet
{
    /// <summary>The event types, one file each.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(Completion.EventTypeCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] EventType { get; set; } = [];

    /// <summary>The folder the files go to.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter]
    public EventFeedLayout Layout { get; set; }

    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long AccountId { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] CustomColumn { get; set; } = [];

    /// <summary>Only events stored after this ingestion sequence number (default: all of them).</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long AfterSequence { get; set; }

    /// <summary>The file names; '{type}' is the type's word (CLICK, SMS_CLICK), '{account}' the account number, and date tokens now.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? FileName { get; set; }

    [Parameter]
    [Credential]
    public PSCredential? SigningCredential { get; set; }

    private protected override bool OpensForWork => true;

    protected override void ProcessRecord() => Run(() =>
    {
        if (new[] { nameof(Column), nameof(Outbounced), nameof(Unsubscribed), nameof(SoftBounces), nameof(EventsSince) }.FirstOrDefault(Bound) is { } records)
        {
            throw new ConnectException(ErrorIds.ParameterNotForJobKind, ErrorKind.InvalidArgument, records, string.Format(System.Globalization.CultureInfo.CurrentCulture, CommandMessages.NotForEventFeeds, records));
        }

        var folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var feed = new Jobs.EventFeedSettings { EventTypes = EventType.Select(t => EventTypes.Find(t).Name).ToArray(), Layout = (FeedLayout)Layout, AccountId = AccountId, CustomColumns = CustomColumn };
        var naming = new Jobs.ExportJobSettings
        {
            Source = "events", TargetDirectory = folder, RunIdPrefix = false, Options = ExportOptions(), Feed = feed,
            FileName = FileName ?? (feed.Layout == FeedLayout.Clang ? "{type}_{yyyyMMdd_HHmmss}.csv" : "{account}_{type}_{yyyyMMdd_HHmmss}.txt"),
        };
        var upTo = Await(Store.GetLastSequenceAsync(CancellationToken));
        foreach (var file in FeedLayouts.Files(feed, _ => AfterSequence, upTo))
        {
            var fileName = Jobs.JobRunner.FeedFileName(naming, feed, file.Token, DateTime.Now, 0, 0);
            var target = System.IO.Path.Combine(folder, fileName);
            var commit = ShouldProcess(
                string.Format(CultureInfo.CurrentCulture, CommandMessages.ActionExportEvents, file.Token, target),
                string.Format(CultureInfo.CurrentCulture, CommandMessages.ActionExportEventsQuestion, file.Token, target),
                CommandMessages.ActionExportCaption,
                out var reason);
            if (!commit && reason != ShouldProcessReason.WhatIf)
            {
                continue;
            }

            var request = new ExportRequest
            {
                Source = new ExportSource { Target = file.Token, Events = file.Source },
                Options = naming.Options,
                SigningPassphrase = SigningCredential?.GetNetworkCredential().Password.ToCharArray(),
                Preview = !commit,
            };
            WriteObject(AwaitWithProgress(progress => new Exporter(Store).ExportAsync(request, new LocalFolder(folder), fileName, progress, CancellationToken)));
        }
    });
}
