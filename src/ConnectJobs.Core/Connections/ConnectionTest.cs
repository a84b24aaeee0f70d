namespace ConnectJobs.Connections;

/// <summary>What Test-ConnectConnection found: whether it could log in and list the base directory,
/// the host key the server offered, and the error when it could not.</summary>
public sealed record ConnectionTest(string Connection, bool Succeeded, string Location, string? HostKeyFingerprint, int? Files, string? ErrorId, string? Error);
