namespace ConnectJobs.Connections;

/// <summary>How a connection reaches its server.</summary>
public enum ConnectionProtocol
{
    /// <summary>A folder on this machine or a mounted share; directories are under its base directory.</summary>
    Local,
    Sftp,
    Ftp,

    /// <summary>FTP with explicit TLS (AUTH TLS), control and data channels protected.</summary>
    Ftps,

    /// <summary>FTP over TLS from the first byte (usually port 990).</summary>
    FtpsImplicit,

    /// <summary>A mail server that sends notifications: TLS from the first byte on port 465,
    /// STARTTLS when the server offers it on other ports. Not a place for files.</summary>
    Smtp,
}

/// <summary>How a connection proves who it is.</summary>
public enum ConnectionAuthentication
{
    Password,

    /// <summary>A private key file (OpenSSH, PuTTY or PEM; RSA, ECDSA or ed25519), with or without a passphrase.</summary>
    PrivateKey,

    /// <summary>A key pair made by New-ConnectSshKey: the private key is kept in the store, encrypted
    /// as passwords are, and never written to a file.</summary>
    StoredKey,
}

/// <summary>A named server that jobs read files from and deliver files to. Its password or key
/// passphrase is kept encrypted in the store, never in plain text.</summary>
public sealed record Connection
{
    public required long Id { get; init; }

    public required string Name { get; init; }

    public required ConnectionProtocol Protocol { get; init; }

    public required string Host { get; init; }

    public required int Port { get; init; }

    /// <summary>The directory job directories are relative to; '' for the login directory.</summary>
    public string BaseDirectory { get; init; } = "";

    public required string User { get; init; }

    public required ConnectionAuthentication Authentication { get; init; }

    public string? PrivateKeyFile { get; init; }

    /// <summary>Whether a password or passphrase is stored (encrypted).</summary>
    public bool HasSecret { get; init; }

    /// <summary>The host key fingerprints accepted ('SHA256:…'); more than one during a planned key rotation.</summary>
    public IReadOnlyList<string> HostKeyFingerprints { get; init; } = [];

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Write uploads under their own name from the start, for servers that forbid renaming;
    /// otherwise they go to a temporary name and are renamed when complete.</summary>
    public bool UploadDirectly { get; init; }

    /// <summary>How often an operation is tried again after a transient fault (reset, timeout).</summary>
    public int RetryCount { get; init; } = 3;

    /// <summary>The wait before the first retry; it doubles for each one after.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    public string? Description { get; init; }

    public DateTime Created { get; init; }

    public DateTime Modified { get; init; }

    public override string ToString() => Name;
}
