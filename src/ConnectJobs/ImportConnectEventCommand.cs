using System.Collections;
using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Events;

namespace ConnectJobs.Commands;

/// <summary>The event file formats (declared here: see TableType for why cmdlets hold no engine enums).</summary>
public enum EventFileKind
{
    Csv = EventFileFormat.Csv,
    JsonLines = EventFileFormat.JsonLines,
}

/// <summary>Import-ConnectEvent: stores the events of CSV or JSON Lines files (a sending platform's
/// event export), each file in one transaction; an event whose id is stored already is not stored
/// again, and rows that cannot be read are rejected with line, column and rule.</summary>
[Cmdlet(VerbsData.Import, "ConnectEvent", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(EventIngestResult))]
public sealed class ImportConnectEventCommand : ConnectCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>File column (or JSON key) = event field, for columns not named as the fields are.</summary>
    [Parameter]
    public Hashtable? Map { get; set; }

    /// <summary>CSV or JsonLines (default: JsonLines for .jsonl and .ndjson files, else CSV).</summary>
    [Parameter]
    public EventFileKind Format { get; set; }

    [Parameter]
    public char Delimiter { get; set; } = ',';

    /// <summary>The CSV file's character set (default UTF-8; a byte order mark must agree).</summary>
    [Parameter]
    public CsvEncoding Encoding { get; set; } = CsvEncoding.Utf8;

    /// <summary>The time zone of timestamps without an offset (default: this machine's).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TimeZone { get; set; }

    private protected override bool OpensForWork => true;

    protected override void ProcessRecord()
    {
        foreach (var file in ResolveFiles(ParameterSetName == LiteralPathSet ? null : Path, LiteralPath))
        {
            Run(() => Ingest(file));
        }
    }

    private void Ingest(string file)
    {
        if (!ShouldProcess(file, CommandMessages.ActionImportEvents))
        {
            return;
        }

        var options = new EventFileOptions
        {
            Format = MyInvocation.BoundParameters.ContainsKey(nameof(Format)) ? (EventFileFormat)Format
                : System.IO.Path.GetExtension(file).ToLowerInvariant() is ".jsonl" or ".ndjson" ? EventFileFormat.JsonLines : EventFileFormat.Csv,
            Delimiter = Delimiter,
            Encoding = (Import.FileEncoding)Encoding,
            Map = Map?.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? "", StringComparer.OrdinalIgnoreCase),
            TimeZone = TimeZone,
        };
        var result = Await(new EventFile(Store).IngestAsync(file, options, CancellationToken));
        Report(this, result);
    }

    /// <summary>Writes an ingestion's result, with a warning for what the user should know of it.</summary>
    internal static void Report(Cmdlet cmdlet, EventIngestResult result)
    {
        if (result.Rejects.Count > 0)
        {
            var first = result.Rejects[0];
            cmdlet.WriteWarning(string.Format(CultureInfo.CurrentCulture, CommandMessages.EventsRejected, result.Source, result.Rejects.Count, first.Line, first.Column, first.Rule, first.Message));
        }

        if (result.WithoutOffset > 0)
        {
            cmdlet.WriteWarning(string.Format(CultureInfo.CurrentCulture, CommandMessages.EventsWithoutOffset, result.Source, result.WithoutOffset, result.TimeZone));
        }

        cmdlet.WriteObject(result);
    }
}
