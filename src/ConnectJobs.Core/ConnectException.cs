namespace ConnectJobs;

/// <summary>What kind of failure a <see cref="ConnectException"/> reports; the cmdlets map it to an
/// error category without the engine having to know about PowerShell.</summary>
public enum ErrorKind
{
    NotFound,
    AlreadyExists,
    InvalidArgument,
    InvalidData,
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
    }

    public string ErrorId { get; }

    public ErrorKind Kind { get; }

    public object? Target { get; }

    internal static ConnectException Create(string errorId, ErrorKind kind, object? target, string format, params object?[] args) =>
        new(errorId, kind, target, string.Format(System.Globalization.CultureInfo.CurrentCulture, format, args));
}
