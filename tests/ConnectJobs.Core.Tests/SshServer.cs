using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ConnectJobs.Core.Tests;

/// <summary>A real OpenSSH sshd (Debian's openssh-server) on a spare port of 127.0.0.1, with its own
/// config, a throwaway host key, and a throwaway user with a password and an ed25519 key (with a
/// passphrase). Needs root, as CI has; fails loudly otherwise, never skips.</summary>
public sealed class SshServer : IDisposable
{
    public const string KeyPassphrase = "key phrase";

    private Process _sshd;

    public SshServer()
    {
        Folder = Directory.CreateTempSubdirectory("cj-sshd-").FullName;

        // The user reaches its home and sshd reads its authorized keys as that user.
        Run("chmod", "755", Folder);
        User = "cj" + Guid.NewGuid().ToString("N")[..8];
        Password = "pw-" + Guid.NewGuid().ToString("N")[..12];
        Home = Path.Combine(Folder, "home");
        Directory.CreateDirectory(Home);
        Run("useradd", "-M", "-d", Home, "-s", "/bin/sh", User);
        Run("sh", "-c", $"echo '{User}:{Password}' | chpasswd");
        Run("chown", User, Home);
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
        Port = FreePort();
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
        _sshd = StartDaemon();
    }

    public string Folder { get; }

    public string User { get; }

    public string Password { get; }

    /// <summary>The user's home: the login directory, and what SFTP paths are relative to.</summary>
    public string Home { get; }

    public int Port { get; }

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
        _sshd = StartDaemon();
    }

    public void Dispose()
    {
        Stop();
        Run("userdel", User);
        Directory.Delete(Folder, recursive: true);
    }

    private void Stop()
    {
        if (!_sshd.HasExited)
        {
            _sshd.Kill(entireProcessTree: true);
            _sshd.WaitForExit();
        }

        // Sessions run in processes of their own, as the user: a crash takes them too.
        Run("pkill", "-KILL", "-u", User);
    }

    private Process StartDaemon()
    {
        var sshd = Process.Start(new ProcessStartInfo("/usr/sbin/sshd", ["-D", "-e", "-f", Path.Combine(Folder, "sshd_config")]) { RedirectStandardError = true })
            ?? throw new InvalidOperationException("sshd did not start");
        sshd.ErrorDataReceived += (_, _) => { };
        sshd.BeginErrorReadLine();
        WaitUntilListening(sshd);
        return sshd;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void WaitUntilListening(Process sshd)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                if (sshd.HasExited)
                {
                    throw new InvalidOperationException($"sshd exited with {sshd.ExitCode}");
                }

                Thread.Sleep(100);
            }
        }

        throw new InvalidOperationException("sshd did not listen within 15 seconds");
    }

    private static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && tool != "pkill")
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        }

        return output;
    }
}
