using System.Diagnostics;
using System.Globalization;
using ConnectJobs.Connections;
using ConnectJobs.Locations;

// Usage: SftpBench <port> <user> <private key> <host key fingerprint> <remote dir> <local file>
// Uploads the local file to <remote dir>/ours.bin and downloads it again; prints MB/s each way.
var (port, user, key, fingerprint, directory, file) = (int.Parse(args[0], CultureInfo.InvariantCulture), args[1], args[2], args[3], args[4], args[5]);
var connection = new Connection
{
    Id = 0, Name = "Bench", Protocol = ConnectionProtocol.Sftp, Host = "127.0.0.1", Port = port, User = user,
    Authentication = ConnectionAuthentication.PrivateKey, PrivateKeyFile = key, HostKeyFingerprints = [fingerprint],
};
using var location = await SftpLocation.OpenAsync(connection, null, directory, CancellationToken.None);
var megabytes = new FileInfo(file).Length / 1048576.0;

var watch = Stopwatch.StartNew();
await using (var upload = await location.CreateAsync("ours.bin", CancellationToken.None))
{
    await using (var input = File.OpenRead(file))
    {
        await input.CopyToAsync(upload.Stream, 1 << 20);
    }

    await upload.CommitAsync(CancellationToken.None);
}

var put = megabytes / watch.Elapsed.TotalSeconds;
watch.Restart();
var remote = (await location.FindAsync("ours.bin", CancellationToken.None))!;
using (await location.FetchAsync(remote, CancellationToken.None))
{
    var get = megabytes / watch.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"put {put:F0} MB/s"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"get {get:F0} MB/s"));
}

Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB");
