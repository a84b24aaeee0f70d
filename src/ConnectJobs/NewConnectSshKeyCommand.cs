using System.Globalization;
using System.Management.Automation;
using ConnectJobs.Connections;

namespace ConnectJobs.Commands;

/// <summary>New-ConnectSshKey: makes an ed25519 key pair for an SFTP connection (Responsys' "Access
/// or Generate Key Information"), keeps the private key encrypted in the store, makes the connection
/// log in with it, and writes the public key line for the partner to install.</summary>
[Cmdlet(VerbsCommon.New, "ConnectSshKey", SupportsShouldProcess = true)]
[OutputType(typeof(SshPublicKey))]
public sealed class NewConnectSshKeyCommand : ConnectCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ArgumentCompleter(typeof(Completion.ConnectionNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Connection { get; set; } = "";

    /// <summary>The comment at the end of the public key line (default connectjobs-CONNECTION@HOST).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Comment { get; set; }

    /// <summary>Replace a key pair the connection has already: the partner must then install the new public key.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var connection = FindConnection(Connection);
        if (connection.Protocol != ConnectionProtocol.Sftp)
        {
            throw new ConnectException(ErrorIds.SshKeyNeedsSftp, ErrorKind.InvalidArgument, connection.Name, string.Format(CultureInfo.CurrentCulture, CommandMessages.SshKeyNeedsSftp, connection.Name, connection.Protocol));
        }

        if (connection.Authentication == ConnectionAuthentication.StoredKey && !Force)
        {
            throw new ConnectException(ErrorIds.SshKeyExists, ErrorKind.AlreadyExists, connection.Name, string.Format(CultureInfo.CurrentCulture, CommandMessages.SshKeyExists, connection.Name));
        }

        if (ShouldProcess(connection.Name, CommandMessages.ActionNewSshKey))
        {
            var pair = SshKeyPair.Generate(Comment ?? $"connectjobs-{connection.Name}@{Environment.MachineName}");
            Await(Store.UpdateConnectionAsync(connection with { Authentication = ConnectionAuthentication.StoredKey, PrivateKeyFile = null }, pair.PrivateKey, CancellationToken));
            WriteObject(new SshPublicKey(connection.Name, pair.PublicKey, pair.Fingerprint));
        }
    });
}
