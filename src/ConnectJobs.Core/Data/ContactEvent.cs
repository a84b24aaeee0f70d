namespace ConnectJobs.Data;

/// <summary>Something that happened to a contact that the store records itself: an opt-in or
/// opt-out when an import changed EMAIL_PERMISSION_STATUS_. Event feeds export them.</summary>
public sealed record ContactEvent(long Id, string List, long Riid, string Type, DateTime Time, string? Source);
