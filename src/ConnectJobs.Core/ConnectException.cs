namespace ConnectJobs;

/// <summary>What kind of failure a <see cref="ConnectException"/> reports; the cmdlets map it to an
/// error category without the engine having to know about PowerShell.</summary>
public enum ErrorKind
{
    NotFound,
    AlreadyExists,
    InvalidArgument,
    InvalidData,

    /// <summary>The inbound file itself is at fault (its content, encoding, header or count): reported
    /// as invalid data, and an import job sets the file aside in its failed folder.</summary>
    InvalidFile,
    InvalidOperation,
    ResourceUnavailable,
    PermissionDenied,
    NotImplemented,
}

/// <summary>A failure the user can act on: a stable id for scripts and tests, a kind, the object it
/// concerns, and a message from <c>Messages.resx</c>.</summary>
public sealed class ConnectException : Exception
{
    public ConnectException(string errorId, ErrorKind kind, object? target, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
        IsFileFault = kind == ErrorKind.InvalidFile;
    }

    /// <summary>The fault is the inbound file's, not the job's or the environment's: a job moves the
    /// file to its failed folder (with the reason) instead of leaving it for the next run to trip over.</summary>
    public bool IsFileFault { get; private set; }

    public string ErrorId { get; }

    public ErrorKind Kind { get; }

    public object? Target { get; }

    /// <summary>Marks a fault of another kind as the file's (a header without a column the job maps).</summary>
    internal ConnectException InFile()
    {
        IsFileFault = true;
        return this;
    }

    internal static ConnectException Create(string errorId, ErrorKind kind, object? target, string format, params object?[] args) =>
        new(errorId, kind, target, string.Format(System.Globalization.CultureInfo.CurrentCulture, format, args));
}
