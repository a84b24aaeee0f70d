using System.Net;
using System.Text;
using ConnectJobs.Connections;
using ConnectJobs.Jobs;
using ConnectJobs.Notifications;

namespace ConnectJobs.Core.Tests;

/// <summary>Run notifications delivered to a real SMTP server and a local HTTP listener.</summary>
[Trait("Category", TestCategory.Server)]
/// <remarks>Run against each provider: <see cref="SqliteNotificationTests"/>, <see cref="PostgresNotificationTests"/>.</remarks>
public abstract class NotificationTests(ITestStore temp) : IAsyncLifetime
{
    private readonly ITestStore _temp = temp;
    private readonly MailServer _mail = new();
    private string _inbox = "";

    public async Task InitializeAsync()
    {
        await _temp.InitializeAsync();
        _inbox = Directory.CreateDirectory(Path.Combine(_temp.Folder, "in")).FullName;
        await _temp.Store.CreateListAsync("Contacts", null, [], CancellationToken.None);
        await _temp.Store.CreateConnectionAsync(new Connection
        {
            Id = 0, Name = "Mail", Protocol = ConnectionProtocol.Smtp, Host = "127.0.0.1", Port = _mail.Port, User = "cj", Authentication = ConnectionAuthentication.Password,
        }, "s3cret", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _mail.Dispose();
        await _temp.DisposeAsync();
    }

    private Task<ConnectJob> JobAsync(RunNotification notify) =>
        _temp.Store.CreateJobAsync("Nightly", true, null, new ImportJobSettings { SourceDirectory = _inbox, FilePattern = "c_*.csv", TargetList = "Contacts", Notify = notify }, CancellationToken.None);

    /// <summary>A local HTTP listener that takes one POST and answers 204; the body it got.</summary>
    private static (string Url, HttpListener Listener, Task<string> Posted) Webhook()
    {
        var url = $"http://127.0.0.1:{MailServer.FreePort()}/hook/";
        var listener = new HttpListener();
        listener.Prefixes.Add(url);
        listener.Start();
        var posted = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            context.Response.StatusCode = 204;
            context.Response.Close();
            return body;
        });
        return (url, listener, posted);
    }

    [Fact]
    public async Task A_run_is_told_by_email_and_webhook_with_its_facts_and_last_log_lines()
    {
        var (webhook, listener, posted) = Webhook();
        using var _ = listener;
        var job = await JobAsync(new RunNotification { When = NotifyWhen.Always, Email = ["ops@example.com"], MailConnection = "Mail", Webhook = webhook });
        File.WriteAllText(Path.Combine(_inbox, "c_1.csv"), "EMAIL_ADDRESS_\nann@example.com\nnot-an-address\n");

        var run = await new JobRunner(_temp.Store).RunAsync(job, preview: false, null, CancellationToken.None);

        Assert.Equal(RunStatus.PartiallySucceeded, run.Status);
        Assert.Empty(run.Warnings);
        var message = Assert.Single(_mail.Messages);
        Assert.Contains("To: ops@example.com", message);
        Assert.Contains($"Subject: [ConnectJobs] Nightly run {run.FullId}: PartiallySucceeded", message);
        Assert.Contains("read 2, inserted 1, updated 0, rejected 1", message);
        Assert.Contains("Last log lines:", message);
        var json = await posted.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("\"job\":\"Nightly\"", json);
        Assert.Contains("\"status\":\"PartiallySucceeded\"", json);
        Assert.Contains("\"rejected\":1", json);
        var log = await _temp.Store.GetRunLogAsync(run.JobId, run.RunId, CancellationToken.None);
        Assert.Equal(2, log.Count(l => l.Message.StartsWith("Notified", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_failed_group_run_is_told_with_each_member_run_the_members_not_run_and_the_failure()
    {
        var (webhook, listener, posted) = Webhook();
        using var _ = listener;
        foreach (var (name, pattern) in new[] { ("Customers", "c_*.csv"), ("Orders", "o_*.csv"), ("Returns", "r_*.csv") })
        {
            await _temp.Store.CreateJobAsync(name, true, null, new ImportJobSettings { SourceDirectory = _inbox, FilePattern = pattern, TargetList = "Contacts" }, CancellationToken.None);
        }

        var group = await _temp.Store.CreateGroupAsync("Nightly", ["Customers", "Orders", "Returns"], true, null, CancellationToken.None);
        group = await _temp.Store.SetGroupSettingsAsync(group, true, new GroupSettings
        {
            Notify = new RunNotification { Email = ["ops@example.com"], MailConnection = "Mail", Webhook = webhook },
        }, CancellationToken.None);
        Assert.Equal("ops@example.com", (await _temp.Store.FindGroupAsync("Nightly", CancellationToken.None))!.Settings.Notify!.Email.Single());
        File.WriteAllText(Path.Combine(_inbox, "c_1.csv"), "EMAIL_ADDRESS_\nann@example.com\n");

        var run = await new GroupRunner(_temp.Store).RunAsync(group, null, CancellationToken.None);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Empty(run.Warnings);
        var message = Assert.Single(_mail.Messages);
        Assert.Contains($"Subject: [ConnectJobs] group Nightly run {run.FullId}: Failed", message);
        Assert.Contains($"Customers (run {run.Runs[0].FullId})", message);
        Assert.Contains("read 1, inserted 1", message);
        Assert.Contains($"Orders (run {run.Runs[1].FullId})", message);
        Assert.Contains("NoInboundFile", message);
        Assert.Contains("Not run    Returns", message);
        var json = await posted.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("\"group\":\"Nightly\"", json);
        Assert.Contains("\"notRun\":[\"Returns\"]", json);
        Assert.Contains("\"errorId\":\"NoInboundFile\"", json);
        var log = await _temp.Store.GetRunLogAsync(run.Runs[1].JobId, run.Runs[1].RunId, CancellationToken.None);
        Assert.Equal(2, log.Count(l => l.Message.StartsWith("Notified", StringComparison.Ordinal)));

        // A group told about failures only says nothing after a run that succeeded.
        File.WriteAllText(Path.Combine(_inbox, "c_2.csv"), "EMAIL_ADDRESS_\nbob@example.com\n");
        File.WriteAllText(Path.Combine(_inbox, "o_1.csv"), "EMAIL_ADDRESS_\ncarl@example.com\n");
        File.WriteAllText(Path.Combine(_inbox, "r_1.csv"), "EMAIL_ADDRESS_\ndora@example.com\n");
        Assert.Equal(RunStatus.Succeeded, (await new GroupRunner(_temp.Store).RunAsync(group, null, CancellationToken.None)).Status);
        Assert.Single(_mail.Messages);
    }

    [Fact]
    public async Task Only_failed_runs_are_told_about_by_default_and_an_undeliverable_notice_never_fails_the_run()
    {
        var closed = MailServer.FreePort();
        var job = await JobAsync(new RunNotification { Email = ["ops@example.com"], MailConnection = "Mail", Webhook = $"http://127.0.0.1:{closed}/nobody/" });
        File.WriteAllText(Path.Combine(_inbox, "c_1.csv"), "EMAIL_ADDRESS_\nann@example.com\n");
        var runner = new JobRunner(_temp.Store);

        Assert.Equal(RunStatus.Succeeded, (await runner.RunAsync(job, preview: false, null, CancellationToken.None)).Status);
        Assert.Empty(_mail.Messages);

        var failed = await runner.RunAsync(job, preview: false, null, CancellationToken.None);
        Assert.Equal((RunStatus.Failed, "NoInboundFile"), (failed.Status, failed.ErrorId));
        Assert.Contains("NoInboundFile", Assert.Single(_mail.Messages));
        Assert.Contains(failed.Warnings, w => w.Contains("could not be delivered") && w.Contains($"127.0.0.1:{closed}"));
        var log = await _temp.Store.GetRunLogAsync(failed.JobId, failed.RunId, CancellationToken.None);
        Assert.Contains(log, l => l.Level == LogLevel.Warning && l.Message.Contains("could not be delivered"));
        Assert.Equal(RunStatus.Failed, (await _temp.Store.GetRunsAsync(job.Id, null, null, CancellationToken.None)).MaxBy(r => r.RunId)!.Status);
    }

    [Fact]
    public async Task A_mail_server_connection_logs_in_reports_an_unreachable_server_and_holds_no_files()
    {
        var mail = (await _temp.Store.FindConnectionAsync("Mail", CancellationToken.None))!;
        await Notifier.CheckAsync(mail, "s3cret", CancellationToken.None);
        var closed = await Assert.ThrowsAsync<ConnectException>(() => Notifier.CheckAsync(mail with { Port = MailServer.FreePort() }, "s3cret", CancellationToken.None));
        Assert.Equal(("ConnectionFailed", ErrorKind.ResourceUnavailable), (closed.ErrorId, closed.Kind));
        Assert.Contains("Mail", closed.Message);
        Assert.Equal("ConnectionNotForFiles", (await Assert.ThrowsAsync<ConnectException>(() => Locations.Location.OpenAsync(mail, "s3cret", "", CancellationToken.None))).ErrorId);
    }
}

public sealed class SqliteNotificationTests() : NotificationTests(new TempStore());

[Trait("Category", TestCategory.Server)]
public sealed class PostgresNotificationTests(PostgresServer server) : NotificationTests(new TempPostgresStore(server)), IClassFixture<PostgresServer>;
