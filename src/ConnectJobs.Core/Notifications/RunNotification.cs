namespace ConnectJobs.Notifications;

/// <summary>When a job's runs are told about.</summary>
public enum NotifyWhen
{
    Never,

    /// <summary>Only after a run that failed (or a file that did not come by -ExpectedBy).</summary>
    Failure,

    /// <summary>After every run.</summary>
    Always,
}

/// <summary>Who hears about a job's runs, and when: email through a mail server connection, and a
/// webhook (a JSON POST) for chat and monitoring tools.</summary>
public sealed record RunNotification
{
    public NotifyWhen When { get; init; } = NotifyWhen.Failure;

    /// <summary>Email addresses; sent through <see cref="MailConnection"/>.</summary>
    public IReadOnlyList<string> Email { get; init; } = [];

    /// <summary>The connection (protocol Smtp) that sends the email, and whose user is the sender.</summary>
    public string? MailConnection { get; init; }

    /// <summary>An http(s) address that gets the run as JSON.</summary>
    public string? Webhook { get; init; }

    /// <summary>Whether a run that ended so is told about.</summary>
    public bool Applies(Jobs.RunStatus status) => When == NotifyWhen.Always || (When == NotifyWhen.Failure && status is Jobs.RunStatus.Failed or Jobs.RunStatus.Missed);
}
