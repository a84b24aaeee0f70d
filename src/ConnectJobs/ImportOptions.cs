using ConnectJobs.Import;

namespace ConnectJobs.Commands;

// The import choices as cmdlet parameters take them. Declared here rather than taken from the
// engine: see TableType for why cmdlets hold no engine enums.

/// <summary>The character set of an inbound file.</summary>
public enum CsvEncoding
{
    Utf8 = FileEncoding.Utf8,
    Utf16LE = FileEncoding.Utf16LE,
    Utf16BE = FileEncoding.Utf16BE,
    Latin1 = FileEncoding.Latin1,
    Windows1252 = FileEncoding.Windows1252,
}

/// <summary>What an import does with a row that matches a record.</summary>
public enum MatchedRecordAction
{
    Update = MatchedAction.Update,
    Skip = MatchedAction.Skip,
}

/// <summary>What an import does with a row that matches no record.</summary>
public enum UnmatchedRecordAction
{
    Insert = UnmatchedAction.Insert,
    Skip = UnmatchedAction.Skip,
}
