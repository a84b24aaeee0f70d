using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ConnectJobs.Core.Tests;

/// <summary>A real SMTP server on 127.0.0.1 (Debian's python3-aiosmtpd) that keeps each message it
/// accepts as a file, and takes a login (user cj, password s3cret) without TLS.</summary>
public sealed class MailServer : IDisposable
{
    private const string Script = """
        import os, sys, time
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        class Keep:
            async def handle_DATA(self, server, session, envelope):
                name = os.path.join(sys.argv[1], f"{time.time_ns()}.eml")
                with open(name + ".tmp", "wb") as f:
                    f.write(envelope.original_content or envelope.content)
                os.rename(name + ".tmp", name)
                return "250 OK"

        def login(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"cj" and auth_data.password == b"s3cret"
            return AuthResult(success=ok)

        controller = Controller(Keep(), hostname="127.0.0.1", port=int(sys.argv[2]), authenticator=login, auth_require_tls=False)
        controller.start()
        print("ready", flush=True)
        sys.stdin.read()
        controller.stop()
        """;

    private readonly Process _process;

    public MailServer()
    {
        Directory.CreateDirectory(Folder);
        Port = FreePort();
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", Script, Folder, Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        if (_process.StandardOutput.ReadLine() != "ready")
        {
            throw new InvalidOperationException("aiosmtpd did not start: " + _process.StandardError.ReadToEnd());
        }
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "cj-mail-" + Guid.NewGuid().ToString("N"));

    public int Port { get; }

    /// <summary>The messages received so far, oldest first.</summary>
    public IReadOnlyList<string> Messages => Directory.GetFiles(Folder, "*.eml").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5000))
        {
            _process.Kill();
        }

        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
