namespace ConnectJobs.Export;

/// <summary>How records are written to a file: the choices an Export-ConnectRecord call, an export
/// job's definition and each of its runs share, declared once with their defaults.</summary>
public sealed record ExportOptions
{
    public OutboundFormat Format { get; init; } = new();

    public ValueProtection Protection { get; init; } = new();

    public Compression Compression { get; init; }

    public PgpEncryption? Encryption { get; init; }
}
