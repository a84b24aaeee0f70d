using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Connections;
using ConnectJobs.Locations;

namespace ConnectJobs.Commands;

/// <summary>Test-ConnectConnection: logs in and lists the base directory, as Responsys' "Test
/// Connection" does. -TrustHostKey pins the host key the server offers (after asking), the way a
/// first ssh login records it; there is no way to accept any key.</summary>
[Cmdlet(VerbsDiagnostic.Test, "ConnectConnection", SupportsShouldProcess = true)]
[OutputType(typeof(ConnectionTest))]
public sealed class TestConnectConnectionCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.ConnectionNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>Pin the host key the server offers when none (or another) is pinned.</summary>
    [Parameter]
    public SwitchParameter TrustHostKey { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var connection = FindConnection(Name);
        var result = Test(connection);
        if (result.ErrorId == ErrorIds.HostKeyNotTrusted && TrustHostKey
            && ShouldProcess(connection.Name, string.Format(CultureInfo.CurrentCulture, CommandMessages.ActionTrustHostKey, result.HostKeyFingerprint, connection.Host)))
        {
            connection = Await(Store.UpdateConnectionAsync(connection with { HostKeyFingerprints = [.. connection.HostKeyFingerprints, result.HostKeyFingerprint!] }, null, CancellationToken));
            result = Test(connection);
        }

        WriteObject(result);
        if (!result.Succeeded)
        {
            WriteError(new ErrorRecord(new InvalidOperationException(result.Error), result.ErrorId, ErrorCategory.ConnectionError, connection));
        }
    });

    private ConnectionTest Test(Connection connection)
    {
        var where = $"{connection.Protocol.ToString().ToLowerInvariant()}://{connection.User}@{connection.Host}:{connection.Port}/{connection.BaseDirectory.TrimStart('/')}";
        try
        {
            var secret = Await(Store.GetConnectionSecretAsync(connection, CancellationToken));
            if (connection.Protocol == ConnectionProtocol.Smtp)
            {
                // A mail server holds no files: connecting, logging in and a NOOP is the test.
                Await(Notifications.Notifier.CheckAsync(connection, secret, CancellationToken));
                return new ConnectionTest(connection.Name, true, where, null, null, null, null);
            }

            using var location = Await(Location.OpenAsync(connection, secret, "", CancellationToken));
            var files = Await(location.ListAsync("*", CancellationToken)).Count;
            return new ConnectionTest(connection.Name, true, location.Description, (location as RemoteLocation)?.Fingerprint, files, null, null);
        }
        catch (ConnectException e)
        {
            return new ConnectionTest(connection.Name, false, where, e.ErrorId == ErrorIds.HostKeyNotTrusted ? e.Target as string : null, null, e.ErrorId, e.Message);
        }
    }
}
