namespace ConnectJobs.Core.Tests;

/// <summary>A real OpenSSH sshd (Debian's openssh-server) on a spare port of 127.0.0.1, with its own
/// config, a throwaway host key, and a throwaway user with a password and keys of every kind a
/// connection can log in with.</summary>
public sealed class SshServer : TestServer
{
    public const string KeyPassphrase = "key phrase";

    public SshServer()
        : base("sshd", "cj")
    {
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(Folder, "hostkey"));
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", KeyPassphrase, "-f", Path.Combine(Folder, "userkey"));

        // The other key kinds a connection can log in with: RSA in PEM form (with the passphrase),
        // ECDSA, and a PuTTY key made by puttygen.
        Run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", KeyPassphrase, "-f", Path.Combine(Folder, "rsakey"));
        Run("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", Path.Combine(Folder, "ecdsakey"));
        Run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", Path.Combine(Folder, "puttykey"));
        Run("puttygen", Path.Combine(Folder, "puttykey"), "-O", "private", "-o", Path.Combine(Folder, "puttykey.ppk"));
        File.WriteAllText(Path.Combine(Folder, "authorized_keys"), string.Concat(new[] { "userkey", "rsakey", "ecdsakey", "puttykey" }.Select(k => File.ReadAllText(Path.Combine(Folder, k + ".pub")))));
        Run("chmod", "644", Path.Combine(Folder, "authorized_keys"));
        HostKeyFingerprint = Run("ssh-keygen", "-l", "-E", "sha256", "-f", Path.Combine(Folder, "hostkey.pub")).Split(' ')[1];
        File.WriteAllText(Path.Combine(Folder, "sshd_config"), $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {Folder}/hostkey
            PidFile {Folder}/sshd.pid
            AuthorizedKeysFile {Folder}/authorized_keys
            PasswordAuthentication yes
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            AllowUsers {User}
            Subsystem sftp internal-sftp
            """);
        Directory.CreateDirectory("/run/sshd");
        StartDaemon();
    }

    /// <summary>An OpenSSH ed25519 key, with <see cref="KeyPassphrase"/>.</summary>
    public string PrivateKeyFile => Path.Combine(Folder, "userkey");

    /// <summary>Other key files that log in: RSA in PEM form (with <see cref="KeyPassphrase"/>), ECDSA (none), PuTTY (none).</summary>
    public IReadOnlyList<(string File, string? Passphrase)> OtherKeys =>
        [(Path.Combine(Folder, "rsakey"), KeyPassphrase), (Path.Combine(Folder, "ecdsakey"), null), (Path.Combine(Folder, "puttykey.ppk"), null)];

    /// <summary>The host key's fingerprint as ssh-keygen prints it ('SHA256:…').</summary>
    public string HostKeyFingerprint { get; }

    /// <summary>Kills the server and every session it serves (as a crash would), and brings it back
    /// on the same port after <paramref name="downFor"/>.</summary>
    public void Crash(TimeSpan downFor)
    {
        Stop();
        Thread.Sleep(downFor);
        StartDaemon();
    }

    private void StartDaemon() => Start("/usr/sbin/sshd", "-D", "-e", "-f", Path.Combine(Folder, "sshd_config"));
}
