using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using ConnectJobs.Connections;
using ConnectJobs.Jobs;
using ConnectJobs.Store;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ConnectJobs.Notifications;

/// <summary>Tells people about an ended run, as the job's notification says: an email through a
/// mail server connection, a JSON POST to a webhook. A notification that cannot be delivered never
/// fails the run: the run's log says so, and the caller is told.</summary>
public sealed class Notifier(IConnectStore store)
{
    /// <summary>How many of the run's last log lines a notification carries.</summary>
    public const int LogLines = 10;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Sends what the job's notification asks for after <paramref name="run"/>; returns the
    /// problems (empty when everything was delivered or nothing was due).</summary>
    public async Task<IReadOnlyList<string>> NotifyAsync(ConnectJob job, JobRun run, CancellationToken cancellationToken)
    {
        if (job.Settings.Notify is not { } notify || run.Preview || !notify.Applies(run.Status))
        {
            return [];
        }

        var log = await store.GetRunLogAsync(run.JobId, run.RunId, cancellationToken).ConfigureAwait(false);
        var subject = string.Format(CultureInfo.InvariantCulture, Messages.NotificationSubject, run.Job, run.FullId, run.Status);
        return await SendAsync(notify, subject, Text(run, log), JobBody(run, log), run, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends what the group's notification asks for after <paramref name="run"/>: each member
    /// run's outcome, the error of the one that failed and its last log lines. Delivery is logged in
    /// the last member run's log.</summary>
    public async Task<IReadOnlyList<string>> NotifyAsync(JobGroup group, GroupRun run, CancellationToken cancellationToken)
    {
        if (group.Settings.Notify is not { } notify || !notify.Applies(run.Status))
        {
            return [];
        }

        var last = run.Runs.Count > 0 ? run.Runs[^1] : null;
        var log = last is null ? [] : await store.GetRunLogAsync(last.JobId, last.RunId, cancellationToken).ConfigureAwait(false);
        var subject = string.Format(CultureInfo.InvariantCulture, Messages.GroupNotificationSubject, run.Group, run.FullId, run.Status);
        return await SendAsync(notify, subject, Text(run, log), GroupBody(run, log), last, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<string>> SendAsync(RunNotification notify, string subject, string text, object webhookBody, JobRun? logTo, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (notify.Email.Count > 0)
        {
            await DeliverAsync(() => SendMailAsync(notify, subject, text, cancellationToken), string.Join(", ", notify.Email)).ConfigureAwait(false);
        }

        if (notify.Webhook is { } webhook)
        {
            await DeliverAsync(() => PostAsync(webhook, webhookBody, cancellationToken), webhook).ConfigureAwait(false);
        }

        return problems;

        async Task DeliverAsync(Func<Task> send, string to)
        {
            string? problem = null;
            try
            {
                await send().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                problem = string.Format(CultureInfo.CurrentCulture, Messages.NotificationFailed, to, e.Message);
                problems.Add(problem);
            }

            if (logTo is not null)
            {
                await store.AppendLogAsync(logTo, problem is null ? LogLevel.Information : LogLevel.Warning,
                    problem ?? string.Format(CultureInfo.CurrentCulture, Messages.LogNotified, to), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Connects, logs in when the connection has a user and a secret, and says hello: what
    /// Test-ConnectConnection does with a mail server.</summary>
    public static async Task CheckAsync(Connection connection, string? secret, CancellationToken cancellationToken)
    {
        try
        {
            using var client = await OpenAsync(connection, secret, cancellationToken).ConfigureAwait(false);
            await client.NoOpAsync(cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ConnectException(e is AuthenticationException ? ErrorIds.AuthenticationFailed : ErrorIds.ConnectionFailed, ErrorKind.ResourceUnavailable, connection.Name,
                string.Format(CultureInfo.CurrentCulture, Messages.ConnectionFailed, connection.Name, connection.Host, connection.Port, e.Message), e);
        }
    }

    private async Task SendMailAsync(RunNotification notify, string subject, string text, CancellationToken cancellationToken)
    {
        var name = notify.MailConnection ?? throw ConnectException.Create(ErrorIds.ConnectionNotFound, ErrorKind.InvalidArgument, "MailConnection", Messages.NoMailConnection);
        var connection = await store.FindConnectionAsync(name, cancellationToken).ConfigureAwait(false) ?? throw StoreErrors.ConnectionNotFound(name);
        var secret = await store.GetConnectionSecretAsync(connection, cancellationToken).ConfigureAwait(false);
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(connection.User.Contains('@', StringComparison.Ordinal) ? connection.User : $"connectjobs@{Environment.MachineName}"));
        foreach (var address in notify.Email)
        {
            message.To.Add(MailboxAddress.Parse(address));
        }

        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };
        using var client = await OpenAsync(connection, secret, cancellationToken).ConfigureAwait(false);
        await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<SmtpClient> OpenAsync(Connection connection, string? secret, CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)connection.Timeout.TotalMilliseconds };
        try
        {
            // Port 465 speaks TLS from the first byte; elsewhere STARTTLS is used when the server offers it.
            await client.ConnectAsync(connection.Host, connection.Port, connection.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, cancellationToken).ConfigureAwait(false);
            if (connection.User.Length > 0 && !string.IsNullOrEmpty(secret))
            {
                await client.AuthenticateAsync(connection.User, secret, cancellationToken).ConfigureAwait(false);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task PostAsync(string webhook, object body, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(webhook), body, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static object JobBody(JobRun run, IReadOnlyList<RunLogEntry> log) => new
    {
        job = run.Job,
        run = run.FullId,
        status = run.Status.ToString(),
        started = run.Started,
        durationSeconds = run.Duration?.TotalSeconds,
        rowsRead = run.RowsRead,
        inserted = run.Inserted,
        updated = run.Updated,
        rejected = run.Rejected,
        rowsWritten = run.RowsWritten,
        errorId = run.ErrorId,
        error = run.Error,
        rejectFile = run.RejectFile,
        files = run.Files,
        log = LastLines(log),
    };

    private static object GroupBody(GroupRun run, IReadOnlyList<RunLogEntry> log) => new
    {
        group = run.Group,
        run = run.FullId,
        status = run.Status.ToString(),
        started = run.Started,
        durationSeconds = run.Duration?.TotalSeconds,
        runs = run.Runs.Select(r => new { job = r.Job, run = r.FullId, status = r.Status.ToString(), rowsRead = r.RowsRead, inserted = r.Inserted, updated = r.Updated, rejected = r.Rejected, errorId = r.ErrorId, error = r.Error, rejectFile = r.RejectFile }).ToArray(),
        notRun = run.NotRun,
        log = LastLines(log),
    };

    private static string[] LastLines(IReadOnlyList<RunLogEntry> log) => log.TakeLast(LogLines).Select(l => $"{l.Time:HH:mm:ss} {l.Level} {l.Message}").ToArray();

    /// <summary>The message: the run's facts one per line, then its last log lines.</summary>
    private static string Text(JobRun run, IReadOnlyList<RunLogEntry> log)
    {
        var text = new StringBuilder();
        Line(text, "Job", run.Job);
        Line(text, "Run", run.FullId);
        Facts(text, run);
        Line(text, "Files", string.Join(", ", run.Files));
        return Log(text, log);
    }

    /// <summary>The group run's facts, a line per member run, then the last member's last log lines.</summary>
    private static string Text(GroupRun run, IReadOnlyList<RunLogEntry> log)
    {
        var text = new StringBuilder();
        Line(text, "Group", run.Group);
        Line(text, "Run", run.FullId);
        Line(text, "Status", run.Status);
        Line(text, "Started", run.Started.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Line(text, "Duration", Seconds(run.Duration));
        foreach (var member in run.Runs)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{member.Job} (run {member.FullId})\n");
            Facts(text, member);
        }

        Line(text, "Not run", string.Join(", ", run.NotRun));
        return Log(text, log);
    }

    private static void Facts(StringBuilder text, JobRun run)
    {
        Line(text, "Status", run.Status);
        Line(text, "Started", run.Started.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Line(text, "Duration", Seconds(run.Duration));
        Line(text, "Counts", string.Create(CultureInfo.InvariantCulture, $"read {run.RowsRead}, inserted {run.Inserted}, updated {run.Updated}, rejected {run.Rejected}, written {run.RowsWritten}"));
        Line(text, "Error", run.ErrorId is null ? null : $"{run.ErrorId}: {run.Error}");
        Line(text, "Rejects", run.RejectFile);
    }

    private static string? Seconds(TimeSpan? duration) => duration is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:F1} s") : null;

    private static void Line(StringBuilder text, string label, object? value)
    {
        if (value is not null and not "")
        {
            text.Append(CultureInfo.InvariantCulture, $"{label,-10} {value}\n");
        }
    }

    private static string Log(StringBuilder text, IReadOnlyList<RunLogEntry> log)
    {
        text.Append("\nLast log lines:\n");
        foreach (var entry in log.TakeLast(LogLines))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {entry.Time:HH:mm:ss} {entry.Level,-11} {entry.Message}\n");
        }

        return text.ToString();
    }
}
