using System.Management.Automation;
using System.Net;
using ConnectJobs.Connections;

namespace ConnectJobs.Commands;

/// <summary>The protocols a connection can use.</summary>
public enum TransferProtocol
{
    Local = ConnectionProtocol.Local,
    Sftp = ConnectionProtocol.Sftp,
    Ftp = ConnectionProtocol.Ftp,
    Ftps = ConnectionProtocol.Ftps,
    FtpsImplicit = ConnectionProtocol.FtpsImplicit,

    /// <summary>A mail server for notifications (not a place for files).</summary>
    Smtp = ConnectionProtocol.Smtp,
}

/// <summary>The settings New-ConnectConnection and Set-ConnectConnection share, and how they become a connection.</summary>
public abstract class ConnectionParametersCmdlet : ConnectCmdlet
{
    [Parameter]
    public TransferProtocol Protocol { get; set; } = TransferProtocol.Sftp;

    public abstract string? HostName { get; set; }

    [Parameter]
    [ValidateRange(1, 65535)]
    public int Port { get; set; } = 22;

    /// <summary>The directory job directories are relative to ('' for the login directory).</summary>
    [Parameter]
    [AllowEmptyString]
    public string? BaseDirectory { get; set; }

    /// <summary>The user name and the password, or with -PrivateKeyFile the key's passphrase (empty for none).</summary>
    public abstract PSCredential? Credential { get; set; }

    /// <summary>Log in with this private key (OpenSSH, PuTTY or PEM) instead of a password ('' goes back to the password).</summary>
    [Parameter]
    [AllowEmptyString]
    public string? PrivateKeyFile { get; set; }

    /// <summary>The host key fingerprints to accept ('SHA256:…'); all of them, replacing those pinned.</summary>
    [Parameter]
    [AllowEmptyCollection]
    [ValidatePattern("^SHA256:[A-Za-z0-9+/]{43}$")]
    public string[]? HostKeyFingerprint { get; set; }

    [Parameter]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upload under the final name from the start, for servers that forbid renaming.</summary>
    [Parameter]
    public SwitchParameter UploadDirectly { get; set; }

    [Parameter]
    [ValidateRange(0, 20)]
    public int RetryCount { get; set; } = 3;

    [Parameter]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Parameter]
    public string? Description { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The connection from the parameters given, over <paramref name="current"/>, and the secret
    /// to store (null keeps the stored one).</summary>
    internal (Connection Connection, string? Secret) Settings(string name, Connection? current)
    {
        bool Bound(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);
        var credential = Credential?.GetNetworkCredential() ?? new NetworkCredential();
        var keyFile = Bound(nameof(PrivateKeyFile))
            ? (string.IsNullOrEmpty(PrivateKeyFile) ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(PrivateKeyFile))
            : current?.PrivateKeyFile;
        var protocol = Bound(nameof(Protocol)) || current is null ? (ConnectionProtocol)Protocol : current.Protocol;
        var local = protocol == ConnectionProtocol.Local;
        if (!local && (HostName ?? current?.Host) is null or "" || !local && Credential is null && current is null)
        {
            throw new ConnectException(ErrorIds.ServerDetailsRequired, ErrorKind.InvalidArgument, name, string.Format(System.Globalization.CultureInfo.CurrentCulture, CommandMessages.ServerDetailsRequired, protocol));
        }

        var connection = new Connection
        {
            Id = current?.Id ?? 0,
            Name = name,
            Protocol = protocol,
            Host = HostName ?? current?.Host ?? "",
            Port = Bound(nameof(Port)) || current is null ? Port : current.Port,
            // A local base directory follows the current location, as paths do.
            BaseDirectory = BaseDirectory is null ? current?.BaseDirectory ?? "" : local ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(BaseDirectory) : BaseDirectory,
            User = Credential?.UserName ?? current?.User ?? "",
            // A key pair made by New-ConnectSshKey stays in use until a key file or a password replaces it.
            Authentication = keyFile is not null ? ConnectionAuthentication.PrivateKey
                : current?.Authentication == ConnectionAuthentication.StoredKey && Credential is null && !Bound(nameof(PrivateKeyFile)) ? ConnectionAuthentication.StoredKey
                : ConnectionAuthentication.Password,
            PrivateKeyFile = keyFile,
            HostKeyFingerprints = HostKeyFingerprint ?? current?.HostKeyFingerprints ?? [],
            Timeout = Bound(nameof(Timeout)) || current is null ? Timeout : current.Timeout,
            UploadDirectly = Bound(nameof(UploadDirectly)) ? UploadDirectly : current?.UploadDirectly ?? false,
            RetryCount = Bound(nameof(RetryCount)) || current is null ? RetryCount : current.RetryCount,
            RetryDelay = Bound(nameof(RetryDelay)) || current is null ? RetryDelay : current.RetryDelay,
            Description = Description ?? current?.Description,
        };
        return (connection, Credential is null ? null : credential.Password);
    }
}
