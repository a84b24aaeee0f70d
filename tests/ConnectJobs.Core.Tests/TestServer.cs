using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ConnectJobs.Core.Tests;

/// <summary>What the real-server fixtures share: a folder of their own, a throwaway user with a
/// password and a home in it, spare ports, starting the daemon and waiting until it listens, and
/// removing it all again. Needs root, as CI has; fails loudly otherwise, never skips.</summary>
public abstract class TestServer : IDisposable
{
    private Process? _daemon;

    protected TestServer(string kind, string userPrefix)
    {
        Folder = Directory.CreateTempSubdirectory($"cj-{kind}-").FullName;

        // The user reaches its home, and daemons read its files as that user.
        Run("chmod", "755", Folder);
        User = userPrefix + Guid.NewGuid().ToString("N")[..8];
        Password = "pw-" + Guid.NewGuid().ToString("N")[..12];
        Home = Path.Combine(Folder, "home");
        Directory.CreateDirectory(Home);
        Run("useradd", "-M", "-d", Home, "-s", "/bin/sh", User);
        Run("sh", "-c", $"echo '{User}:{Password}' | chpasswd");
        Run("chown", User, Home);
        Port = FreePort();
    }

    public string Folder { get; }

    public string User { get; }

    public string Password { get; }

    /// <summary>The user's home: the login directory, and what remote paths are relative to.</summary>
    public string Home { get; }

    public int Port { get; }

    /// <summary>A new folder in the user's home that the user (the server) can write, made by root
    /// here; its name, relative to the home.</summary>
    public string NewFolder()
    {
        var name = "d" + Guid.NewGuid().ToString("N")[..8];
        var path = Path.Combine(Home, name);
        System.IO.Directory.CreateDirectory(path);
        Run("chmod", "777", path);
        return name;
    }

    public void Dispose()
    {
        Stop();
        Run("userdel", User);
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the daemon in the foreground and waits until it listens on <see cref="Port"/>.</summary>
    protected void Start(string program, params string[] args)
    {
        var daemon = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException($"{program} did not start");
        var output = new System.Text.StringBuilder();
        daemon.ErrorDataReceived += (_, e) => output.AppendLine(e.Data);
        daemon.OutputDataReceived += (_, e) => output.AppendLine(e.Data);
        daemon.BeginErrorReadLine();
        daemon.BeginOutputReadLine();
        _daemon = daemon;
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
                if (daemon.HasExited)
                {
                    throw new InvalidOperationException($"{program} exited with {daemon.ExitCode}: {output}");
                }

                Thread.Sleep(100);
            }
        }

        throw new InvalidOperationException($"{program} did not listen within 15 seconds");
    }

    /// <summary>Kills the daemon and every session it serves (sessions run as the user).</summary>
    protected void Stop()
    {
        if (_daemon is { HasExited: false })
        {
            _daemon.Kill(entireProcessTree: true);
            _daemon.WaitForExit();
        }

        Run("pkill", "-KILL", "-u", User);
    }

    protected static string Run(string tool, params string[] args)
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
