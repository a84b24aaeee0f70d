using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Events;
using ConnectJobs.Export;
using ConnectJobs.Jobs;

namespace ConnectJobs.Commands;

/// <summary>The layouts event feeds write (declared here: see TableType for why cmdlets hold no engine enums).</summary>
public enum EventFeedLayout
{
    Responsys = FeedLayout.Responsys,
    Clang = FeedLayout.Clang,
}

/// <summary>The parameters of an event feed: an export job whose source is events.</summary>
public abstract partial class JobSettingsCmdlet
{
    /// <summary>The event types the feed exports, one file each per run (each type in one active feed).</summary>
    [Parameter(ParameterSetName = ExportSet)]
    [ArgumentCompleter(typeof(Completion.EventTypeCompleter))]
    [ValidateNotNullOrEmpty]
    [JobKinds(JobKind.EventFeed)]
    public string[]? EventType { get; set; }

    [Parameter(ParameterSetName = ExportSet)]
    [JobKinds(JobKind.EventFeed)]
    public EventFeedLayout Layout { get; set; }

    /// <summary>The account number the Responsys layout writes in ACCOUNT_ID and '{account}' in file names.</summary>
    [Parameter(ParameterSetName = ExportSet)]
    [ValidateRange(0, long.MaxValue)]
    [JobKinds(JobKind.EventFeed)]
    public long AccountId { get; set; }

    /// <summary>Named custom properties of the events, written after the layout's columns in this order.</summary>
    [Parameter(ParameterSetName = ExportSet)]
    [AllowEmptyCollection]
    [JobKinds(JobKind.EventFeed)]
    public string[]? CustomColumn { get; set; }

    /// <summary>A feed's file names as Responsys names them: 1234_CLICK_20190103_130532.txt.</summary>
    private const string FeedFileName = "{account}_{type}_{yyyyMMdd_HHmmss}.txt";

    /// <summary>Clang's two files a run: activities_20261202_060000.csv and broadcasts_….</summary>
    private const string ClangFileName = "{type}_{yyyyMMdd_HHmmss}.csv";

    private const int ClangRetentionDays = 61;

    private ExportJobSettings FeedSettings(ExportJobSettings? current)
    {
        var feed = current?.Feed;
        var types = EventType?.Select(t => EventTypes.Find(t).Name).Distinct(StringComparer.OrdinalIgnoreCase).ToArray() ?? feed?.EventTypes
            ?? throw new ConnectException(ErrorIds.InvalidFeed, ErrorKind.InvalidArgument, nameof(EventType), CommandMessages.FeedNeedsEventType);
        var layout = Bound(nameof(Layout)) ? (FeedLayout)Layout : feed?.Layout ?? FeedLayout.Responsys;
        var settings = ExportCommon(current) with
        {
            Source = "events",
            FileName = FileName ?? current?.FileName ?? (layout == FeedLayout.Clang ? ClangFileName : FeedFileName),
            RunIdPrefix = Bound(nameof(NoRunIdPrefix)) ? !NoRunIdPrefix : current?.RunIdPrefix ?? false,
            Feed = new EventFeedSettings
            {
                EventTypes = types,
                Layout = layout,
                AccountId = Bound(nameof(AccountId)) ? AccountId : feed?.AccountId ?? 0,
                CustomColumns = CustomColumn ?? feed?.CustomColumns ?? [],
            },
        };
        if (layout == FeedLayout.Clang && !Bound(nameof(RetentionDays)) && current is null)
        {
            // Clang's activity export keeps two months of delivered files on the target.
            settings = settings with { RetentionDays = ClangRetentionDays };
        }

        if ((types.Count > 1 || layout == FeedLayout.Clang) && !settings.FileName.Contains("{type}", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConnectException(ErrorIds.InvalidFeed, ErrorKind.InvalidArgument, settings.FileName, string.Format(CultureInfo.CurrentCulture, CommandMessages.FeedFileNameNeedsType, settings.FileName));
        }

        JobDefinitionRules.CheckFilePattern(JobRunner.FeedFileName(settings, settings.Feed, FeedLayouts.FileToken(types[0]), DateTime.Now, 0, 0));
        return settings;
    }

    /// <summary>An import job into the event store maps file columns to event fields, and has no
    /// list: no extension tables, match columns or custom events.</summary>
    private static void CheckEventJob(ImportJobSettings settings)
    {
        foreach (var (column, field) in settings.Options.Mapping ?? new Dictionary<string, string>())
        {
            if (!EventFields.TryFind(field, out _))
            {
                throw new ConnectException(ErrorIds.UnknownMappedColumn, ErrorKind.InvalidArgument, field,
                    string.Format(CultureInfo.CurrentCulture, CommandMessages.NotAnEventField, column, field, string.Join(", ", EventFields.All.Select(f => f.Name))));
            }
        }

        if (settings.AutoExtensionTableDays is not null || settings.CustomEvent is not null)
        {
            throw new ConnectException(ErrorIds.ImportOptionNotForTarget, ErrorKind.InvalidArgument, "events", CommandMessages.EventJobHasNoList);
        }
    }
}
