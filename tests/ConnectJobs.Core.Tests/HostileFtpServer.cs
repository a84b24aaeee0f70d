using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConnectJobs.Core.Tests;

/// <summary>An FTP server that lies, in the test process on 127.0.0.1: it lists the names it is
/// given (absolute paths, '..', backslashes, control characters), serves the same bytes for any
/// file, says with SIZE that every name exists, and can stall a download for ever. It records every
/// command it receives, so tests can count what a client asked.</summary>
public sealed class HostileFtpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _commands = [];

    public HostileFtpServer()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The names LIST returns, as regular files.</summary>
    public IReadOnlyList<string> Names { get; set; } = [];

    /// <summary>What RETR sends for any name.</summary>
    public string Content { get; set; } = "EMAIL_ADDRESS_\na@example.com\n";

    /// <summary>RETR opens the data connection and then sends nothing, never ending.</summary>
    public bool StallDownloads { get; set; }

    /// <summary>What clients stored, by the path STOR named.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Uploads { get; } = new();

    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_commands)
            {
                return _commands.ToArray();
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.UTF8);
        var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        TcpListener? passive = null;
        try
        {
            await writer.WriteLineAsync("220 hostile");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                lock (_commands)
                {
                    _commands.Add(line);
                }

                var verb = line.Split(' ')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "USER": await writer.WriteLineAsync("331 password"); break;
                    case "PASS": await writer.WriteLineAsync("230 in"); break;
                    case "TYPE" or "OPTS": await writer.WriteLineAsync("200 ok"); break;
                    case "EPSV":
                        passive?.Stop();
                        passive = new TcpListener(IPAddress.Loopback, 0);
                        passive.Start();
                        await writer.WriteLineAsync($"229 Entering Extended Passive Mode (|||{((IPEndPoint)passive.LocalEndpoint).Port}|)");
                        break;
                    case "LIST":
                        await SendAsync(passive!, writer, string.Concat(Names.Select(n => $"-rw-r--r--    1 1000     1000     {Encoding.UTF8.GetByteCount(Content)} Jan 01  2026 {n}\r\n")));
                        break;
                    case "RETR" when StallDownloads:
                        using (await passive!.AcceptTcpClientAsync(_stop.Token))
                        {
                            await writer.WriteLineAsync("150 here it comes");
                            await Task.Delay(Timeout.Infinite, _stop.Token);
                        }

                        break;
                    case "RETR": await SendAsync(passive!, writer, Content); break;
                    case "SIZE": await writer.WriteLineAsync($"213 {Encoding.UTF8.GetByteCount(Content)}"); break;
                    case "MDTM": await writer.WriteLineAsync("213 20260101000000"); break;
                    case "MKD": await writer.WriteLineAsync("257 made"); break;
                    case "RNFR": await writer.WriteLineAsync("350 go on"); break;
                    case "RNTO" or "DELE": await writer.WriteLineAsync("250 done"); break;
                    case "STOR":
                        using (var data = await passive!.AcceptTcpClientAsync(_stop.Token))
                        {
                            await writer.WriteLineAsync("150 send");
                            var stored = new MemoryStream();
                            await data.GetStream().CopyToAsync(stored, _stop.Token);
                            Uploads[line[5..]] = Encoding.UTF8.GetString(stored.ToArray());
                        }

                        await writer.WriteLineAsync("226 stored");
                        break;
                    case "QUIT": await writer.WriteLineAsync("221 bye"); return;
                    default: await writer.WriteLineAsync("502 no"); break;
                }
            }
        }
        catch (Exception)
        {
            // The client went away or the server is stopping.
        }
        finally
        {
            passive?.Stop();
        }
    }

    private async Task SendAsync(TcpListener passive, StreamWriter control, string text)
    {
        using (var data = await passive.AcceptTcpClientAsync(_stop.Token))
        {
            await control.WriteLineAsync("150 here it comes");
            await data.GetStream().WriteAsync(Encoding.UTF8.GetBytes(text), _stop.Token);
        }

        await control.WriteLineAsync("226 sent");
    }
}
