namespace ConnectJobs.Import;

/// <summary>One well-formed data row of an inbound file and the line it starts on.</summary>
internal readonly record struct InboundRow(long Line, string[] Fields);

/// <summary>A row that cannot be loaded: where, which column (if one), the rule it broke, and the
/// row as it stood in the file, so that it can be fixed and imported again.</summary>
public sealed record RejectedRow(long Line, string? Column, string Rule, string Message, string Record);
