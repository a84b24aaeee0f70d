using System.Globalization;
using ConnectJobs.Notifications;

namespace ConnectJobs.Commands;

/// <summary>The parameters that jobs and groups share for what happens around a run: who is told
/// (-NotifyOn, -NotifyEmail, -MailConnection, -NotifyWebhook) and what runs after a successful one
/// (-OnSuccessRun). JobSettingsCmdlet and GroupSettingsCmdlet declare them; ConnectCmdlet reads them.</summary>
internal interface IRunSettingsParameters
{
    NotifyCondition NotifyOn { get; }

    string[]? NotifyEmail { get; }

    string? MailConnection { get; }

    string? NotifyWebhook { get; }

    string? OnSuccessRun { get; }
}

public abstract partial class ConnectCmdlet
{
    /// <summary>The notification from the bound notification parameters, over <paramref name="current"/>.</summary>
    internal RunNotification? Notification(IRunSettingsParameters parameters, RunNotification? current)
    {
        bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);
        if (!Bound(nameof(parameters.NotifyOn)) && !Bound(nameof(parameters.NotifyEmail)) && !Bound(nameof(parameters.MailConnection)) && !Bound(nameof(parameters.NotifyWebhook)))
        {
            return current;
        }

        var notify = current ?? new RunNotification();
        notify = notify with
        {
            When = Bound(nameof(parameters.NotifyOn)) ? (NotifyWhen)parameters.NotifyOn : notify.When,
            Email = parameters.NotifyEmail ?? notify.Email,
            MailConnection = parameters.MailConnection is null ? notify.MailConnection : FindConnection(parameters.MailConnection).Name,
            Webhook = Bound(nameof(parameters.NotifyWebhook)) ? (string.IsNullOrEmpty(parameters.NotifyWebhook) ? null : parameters.NotifyWebhook) : notify.Webhook,
        };
        if (notify.Webhook is { } webhook && !(Uri.TryCreate(webhook, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw new ConnectException(ErrorIds.InvalidNotification, ErrorKind.InvalidArgument, webhook, string.Format(CultureInfo.CurrentCulture, CommandMessages.InvalidWebhook, webhook));
        }

        if (notify.Email.Count > 0 && notify.MailConnection is null)
        {
            throw new ConnectException(ErrorIds.InvalidNotification, ErrorKind.InvalidArgument, nameof(parameters.MailConnection), CommandMessages.NotifyEmailNeedsMailConnection);
        }

        return notify;
    }

    /// <summary>The follow-up from -OnSuccessRun (an existing job or group), over <paramref name="current"/>.</summary>
    internal string? FollowUp(IRunSettingsParameters parameters, string? current)
    {
        if (!MyInvocation.BoundParameters.ContainsKey(nameof(parameters.OnSuccessRun)))
        {
            return current;
        }

        var next = parameters.OnSuccessRun;
        if (string.IsNullOrEmpty(next))
        {
            return null;
        }

        return Await(Store.FindJobAsync(next, CancellationToken))?.Name ?? Await(Store.FindGroupAsync(next, CancellationToken))?.Name
            ?? throw new ConnectException(ErrorIds.JobNotFound, ErrorKind.NotFound, next, string.Format(CultureInfo.CurrentCulture, CommandMessages.FollowUpNotFoundNow, next));
    }
}
