using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace ConnectJobs.Locations;

/// <summary>A focused FTP/FTPS client (RFC 959, 2228, 4217, 2428): passive data connections (EPSV,
/// else PASV), binary transfers, explicit (AUTH TLS) or implicit TLS, protected data channels whose TLS
/// session resumes the control channel's (vsftpd's require_ssl_reuse: the data channel's SslStream uses
/// the same host name, and .NET resumes the session), a TLS shutdown after each transfer (without it
/// uploads end in 426), and LIST parsing of the Unix format. FtpWebRequest cannot do FTPS on .NET 10
/// and FluentFTP is not available; this has the same ILocation seam, so either can replace it.</summary>
internal sealed partial class FtpClient : IDisposable
{
    private readonly string _host;
    private readonly bool _tls;
    private readonly Func<X509Certificate, bool> _trust;
    private readonly TimeSpan _timeout;
    private readonly TcpClient _control = new();
    private Stream _stream = Stream.Null;
    private StreamReader _reader = StreamReader.Null;

    private FtpClient(string host, bool tls, Func<X509Certificate, bool> trust, TimeSpan timeout)
    {
        _host = host;
        _tls = tls;
        _trust = trust;
        _timeout = timeout;
    }

    /// <summary>Connects and logs in. <paramref name="trust"/> decides on the server's certificate.</summary>
    public static async Task<FtpClient> ConnectAsync(string host, int port, bool explicitTls, bool implicitTls, string user, string password, Func<X509Certificate, bool> trust, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = new FtpClient(host, explicitTls || implicitTls, trust, timeout);
        try
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(timeout);
            await client._control.ConnectAsync(host, port, timer.Token).ConfigureAwait(false);
            client._stream = client._control.GetStream();
            if (implicitTls)
            {
                client._stream = await client.SecureAsync(client._stream, cancellationToken).ConfigureAwait(false);
            }

            client._reader = new StreamReader(client._stream, Encoding.UTF8, false, 4096, leaveOpen: true);
            await client.ExpectAsync(cancellationToken, 220).ConfigureAwait(false);
            if (explicitTls)
            {
                await client.CommandAsync("AUTH TLS", cancellationToken, 234).ConfigureAwait(false);
                client._stream = await client.SecureAsync(client._stream, cancellationToken).ConfigureAwait(false);
                client._reader = new StreamReader(client._stream, Encoding.UTF8, false, 4096, leaveOpen: true);
            }

            var reply = await client.CommandAsync($"USER {user}", cancellationToken, 230, 331).ConfigureAwait(false);
            if (reply.Code == 331)
            {
                await client.CommandAsync($"PASS {password}", cancellationToken, 230).ConfigureAwait(false);
            }

            if (client._tls)
            {
                await client.CommandAsync("PBSZ 0", cancellationToken, 200).ConfigureAwait(false);
                await client.CommandAsync("PROT P", cancellationToken, 200).ConfigureAwait(false);
            }

            await client.CommandAsync("TYPE I", cancellationToken, 200).ConfigureAwait(false);
            await client.CommandAsync("OPTS UTF8 ON", cancellationToken, 200, 202, 500, 501, 502, 504).ConfigureAwait(false);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Regular files in <paramref name="directory"/>: name, size and time (LIST, Unix format).</summary>
    public async Task<List<LocationFile>> ListAsync(string directory, CancellationToken cancellationToken)
    {
        var listing = new MemoryStream();
        await TransferAsync($"LIST {directory}", data => data.CopyToAsync(listing, cancellationToken), cancellationToken).ConfigureAwait(false);
        var files = new List<LocationFile>();
        foreach (var line in Encoding.UTF8.GetString(listing.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (UnixListing().Match(line) is { Success: true } m && m.Groups["type"].Value == "-")
            {
                files.Add(new LocationFile(m.Groups["name"].Value, long.Parse(m.Groups["size"].Value, CultureInfo.InvariantCulture), ListingTime(m)));
            }
        }

        return files;
    }

    /// <summary>Size and exact time of one file, or null when there is none.</summary>
    public async Task<LocationFile?> StatAsync(string path, string name, CancellationToken cancellationToken)
    {
        var size = await CommandAsync($"SIZE {path}", cancellationToken, 213, 550).ConfigureAwait(false);
        if (size.Code == 550)
        {
            return null;
        }

        var time = await CommandAsync($"MDTM {path}", cancellationToken, 213).ConfigureAwait(false);
        return new LocationFile(name, long.Parse(size.Text, CultureInfo.InvariantCulture),
            DateTime.ParseExact(time.Text[..14], "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
    }

    public Task DownloadAsync(string path, Stream output, long offset, CancellationToken cancellationToken) =>
        offset > 0
            ? RestartAsync(offset, () => TransferAsync($"RETR {path}", data => data.CopyToAsync(output, 1 << 17, cancellationToken), cancellationToken), cancellationToken)
            : TransferAsync($"RETR {path}", data => data.CopyToAsync(output, 1 << 17, cancellationToken), cancellationToken);

    public Task UploadAsync(string path, Stream input, CancellationToken cancellationToken) =>
        TransferAsync($"STOR {path}", data => input.CopyToAsync(data, 1 << 17, cancellationToken), cancellationToken);

    public async Task RenameAsync(string from, string to, CancellationToken cancellationToken)
    {
        await CommandAsync($"RNFR {from}", cancellationToken, 350).ConfigureAwait(false);
        await CommandAsync($"RNTO {to}", cancellationToken, 250).ConfigureAwait(false);
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken) => CommandAsync($"DELE {path}", cancellationToken, 250);

    /// <summary>Makes the directory; one that is there already is fine.</summary>
    public Task MakeDirectoryAsync(string path, CancellationToken cancellationToken) => CommandAsync($"MKD {path}", cancellationToken, 257, 550, 521);

    public void Dispose()
    {
        _reader.Dispose();
        _stream.Dispose();
        _control.Dispose();
    }

    private async Task RestartAsync(long offset, Func<Task> transfer, CancellationToken cancellationToken)
    {
        await CommandAsync(string.Create(CultureInfo.InvariantCulture, $"REST {offset}"), cancellationToken, 350).ConfigureAwait(false);
        await transfer().ConfigureAwait(false);
    }

    /// <summary>One data transfer: passive connection, the command, the data (over TLS when
    /// protected, resuming the control channel's session), a TLS shutdown, then the final reply.</summary>
    private async Task TransferAsync(string command, Func<Stream, Task> data, CancellationToken cancellationToken)
    {
        var port = await PassivePortAsync(cancellationToken).ConfigureAwait(false);
        using var connection = new TcpClient();
        await connection.ConnectAsync(((System.Net.IPEndPoint)_control.Client.RemoteEndPoint!).Address, port, cancellationToken).ConfigureAwait(false);
        await CommandAsync(command, cancellationToken, 125, 150).ConfigureAwait(false);
        Stream stream = connection.GetStream();
        if (_tls)
        {
            stream = await SecureAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        await using (stream.ConfigureAwait(false))
        {
            // Each read and write of the data must make progress within the connection's timeout.
            await data(new IdleTimeoutStream(stream, _timeout)).ConfigureAwait(false);
            if (stream is SslStream ssl)
            {
                // Say the data is complete (TLS close_notify) and wait for the server's: closing the
                // socket without that is a truncated transfer to vsftpd (426).
                await ssl.ShutdownAsync().ConfigureAwait(false);
                var drain = new byte[256];
                try
                {
                    while (await ssl.ReadAsync(drain, cancellationToken).ConfigureAwait(false) > 0)
                    {
                    }
                }
                catch (IOException)
                {
                    // The server closed the connection rather than answer: the transfer is complete either way.
                }
            }
        }

        await ExpectAsync(cancellationToken, 226, 250).ConfigureAwait(false);
    }

    private async Task<int> PassivePortAsync(CancellationToken cancellationToken)
    {
        var extended = await CommandAsync("EPSV", cancellationToken, 229, 500, 501, 502).ConfigureAwait(false);
        if (extended.Code == 229 && ExtendedPassive().Match(extended.Text) is { Success: true } e)
        {
            return int.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        var passive = await CommandAsync("PASV", cancellationToken, 227).ConfigureAwait(false);
        var numbers = Passive().Match(passive.Text).Groups.Values.Skip(1).Select(g => int.Parse(g.Value, CultureInfo.InvariantCulture)).ToArray();
        return (numbers[4] * 256) + numbers[5];
    }

    private async Task<Stream> SecureAsync(Stream stream, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            // The same host name on every channel: what lets .NET resume the TLS session.
            TargetHost = _host,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && _trust(certificate),
        }, cancellationToken).ConfigureAwait(false);
        return ssl;
    }

    private async Task<(int Code, string Text)> CommandAsync(string command, CancellationToken cancellationToken, params int[] expected)
    {
        var bytes = Encoding.UTF8.GetBytes(command + "\r\n");
        await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        return await ExpectAsync(cancellationToken, expected).ConfigureAwait(false);
    }

    /// <summary>Reads a reply (multi-line ones too) and checks its code.</summary>
    private async Task<(int Code, string Text)> ExpectAsync(CancellationToken cancellationToken, params int[] expected)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(_timeout);
        var line = await _reader.ReadLineAsync(timer.Token).ConfigureAwait(false) ?? throw new IOException("The server closed the connection.");
        if (line.Length > 3 && line[3] == '-')
        {
            var end = line[..3] + " ";
            while (await _reader.ReadLineAsync(timer.Token).ConfigureAwait(false) is { } next && !next.StartsWith(end, StringComparison.Ordinal))
            {
            }
        }

        var code = int.Parse(line[..3], CultureInfo.InvariantCulture);
        return expected.Contains(code) ? (code, line.Length > 4 ? line[4..] : "") : throw new FtpException(code, line);
    }

    private static DateTime ListingTime(Match m)
    {
        var text = $"{m.Groups["month"].Value} {m.Groups["day"].Value} {m.Groups["when"].Value}";
        return m.Groups["when"].Value.Contains(':')
            ? DateTime.SpecifyKind(DateTime.ParseExact($"{text} {DateTime.UtcNow.Year}", "MMM d HH:mm yyyy", CultureInfo.InvariantCulture), DateTimeKind.Utc)
            : DateTime.SpecifyKind(DateTime.ParseExact(text, "MMM d yyyy", CultureInfo.InvariantCulture), DateTimeKind.Utc);
    }

    [GeneratedRegex(@"^(?<type>[-dlbcps])[rwxsStT-]{9}\S*\s+\d+\s+\S+\s+\S+\s+(?<size>\d+)\s+(?<month>\w{3})\s+(?<day>\d{1,2})\s+(?<when>\d{1,2}:\d{2}|\d{4})\s(?<name>.+)$")]
    private static partial Regex UnixListing();

    [GeneratedRegex(@"\(\|\|\|(\d+)\|\)")]
    private static partial Regex ExtendedPassive();

    [GeneratedRegex(@"(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)")]
    private static partial Regex Passive();
}

/// <summary>A reply the command did not expect: its code and text.</summary>
internal sealed class FtpException(int code, string reply) : IOException(reply)
{
    public int Code { get; } = code;
}
