using System.Globalization;
using System.IO.Compression;
using System.Text;
using ConnectJobs.Locations;
using ConnectJobs.Store;

namespace ConnectJobs.Export;

/// <summary>What an export writes and how.</summary>
public sealed record ExportRequest
{
    public required ExportSource Source { get; init; }

    public ExportOptions Options { get; init; } = new();

    /// <summary>The passphrase of the signing key, when it has one (never stored).</summary>
    public char[]? SigningPassphrase { get; init; }

    public ReadyFileKind ReadyFile { get; init; }

    /// <summary>The ready file's name, when there is one.</summary>
    public string? ReadyFileName { get; init; }

    /// <summary>Do everything but write: count the rows and name the file.</summary>
    public bool Preview { get; init; }
}

/// <summary>What an export wrote.</summary>
public sealed record ExportResult
{
    public required string Source { get; init; }

    /// <summary>The data file as the location names it (a path for a folder).</summary>
    public required string File { get; init; }

    public long Rows { get; init; }

    /// <summary>The size of the data file as written (compressed and encrypted).</summary>
    public long Bytes { get; init; }

    /// <summary>The SHA-256 of the data file as written, in lower-case hex (null for a preview).</summary>
    public string? Sha256 { get; init; }

    public string? ReadyFile { get; init; }

    /// <summary>Where an incremental export got to; recorded only when the run succeeds.</summary>
    public string? Watermark { get; init; }

    public bool Preview { get; init; }
}

/// <summary>Writes a source to a file in a location: CSV, then compression, then encryption, each on
/// the way to a temporary name that becomes the real one only when the file is complete. The ready
/// file follows the data file, never precedes it.</summary>
public sealed class Exporter(IConnectStore store)
{
    /// <summary>Checks that the key files exist, hold usable keys, and that the signing key opens
    /// with <paramref name="passphrase"/> (none for a job, which cannot keep one).</summary>
    public static void CheckKeys(PgpEncryption encryption, char[]? passphrase) => PgpWriteStream.Check(encryption, passphrase);

    public async Task<ExportResult> ExportAsync(ExportRequest request, ILocation location, string fileName, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        if (request.Options.Encryption is not null)
        {
            PgpWriteStream.Check(request.Options.Encryption, request.SigningPassphrase);
        }

        var description = $"{location.Description.TrimEnd('/', '\\')}{Path.DirectorySeparatorChar}{fileName}";
        if (request.Preview)
        {
            var counted = new CsvSink(Stream.Null, request.Options.Format, request.Options.Protection, fileName);
            var rows = await store.ExportAsync(request.Source, counted, progress, cancellationToken).ConfigureAwait(false);
            return new ExportResult { Source = request.Source.Target, File = description, Rows = rows.Rows, Watermark = rows.Watermark, Preview = true };
        }

        ExportedRows exported;
        LocationFile written;
        string sha256;
        await using (var file = await location.CreateAsync(fileName, cancellationToken).ConfigureAwait(false))
        {
            var layers = new Stack<IDisposable>();
            var hashing = new HashingStream(file.Stream);
            try
            {
                Stream stream = hashing;
                if (request.Options.Encryption is not null)
                {
                    stream = Push(layers, PgpWriteStream.Open(stream, request.Options.Encryption, InnerName(fileName, EncryptionExtension(request)), request.SigningPassphrase));
                }

                stream = request.Options.Compression switch
                {
                    Compression.GZip => Push(layers, new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true)),
                    Compression.Zip => Push(layers, ZipEntry(layers, stream, InnerName(InnerName(fileName, EncryptionExtension(request)), ".zip"))),
                    _ => stream,
                };
                var background = new BackgroundWriteStream(stream, cancellationToken);
                layers.Push(background);
                var csv = new CsvSink(background, request.Options.Format, request.Options.Protection, fileName);
                exported = await store.ExportAsync(request.Source, csv, progress, cancellationToken).ConfigureAwait(false);
                csv.Flush();
                await background.CompleteAsync().ConfigureAwait(false);

                // Closing each layer writes its trailer (gzip footer, zip directory, PGP packets' ends).
                while (layers.TryPop(out var layer))
                {
                    layer.Dispose();
                }
            }
            catch (IOException e)
            {
                throw LocalFolder.WriteFailed(description, e);
            }
            finally
            {
                while (layers.TryPop(out var layer))
                {
                    DisposeQuietly(layer);
                }
            }

            written = await file.CommitAsync(cancellationToken).ConfigureAwait(false);
            sha256 = hashing.Hash;
        }

        string? ready = null;
        if (request.ReadyFile != ReadyFileKind.None)
        {
            var name = request.ReadyFileName ?? fileName + ".ready";
            await using var readyFile = await location.CreateAsync(name, cancellationToken).ConfigureAwait(false);
            if (request.ReadyFile == ReadyFileKind.Count)
            {
                await readyFile.Stream.WriteAsync(Encoding.ASCII.GetBytes(exported.Rows.ToString(CultureInfo.InvariantCulture) + "\n"), cancellationToken).ConfigureAwait(false);
            }

            await readyFile.CommitAsync(cancellationToken).ConfigureAwait(false);
            ready = $"{location.Description.TrimEnd('/', '\\')}{Path.DirectorySeparatorChar}{name}";
        }

        return new ExportResult { Source = request.Source.Target, File = description, Rows = exported.Rows, Bytes = written.Size, Sha256 = sha256, ReadyFile = ready, Watermark = exported.Watermark };
    }

    /// <summary>Hashes what goes to the location, for the ledger, without reading the file back.</summary>
    private sealed class HashingStream(Stream inner) : WriteOnlyStream
    {
        private readonly System.Security.Cryptography.IncrementalHash _hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);

        public string Hash => Convert.ToHexString(_hash.GetHashAndReset()).ToLowerInvariant();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            _hash.AppendData(buffer);
        }

        public override void Flush() => inner.Flush();
    }

    private static Stream Push(Stack<IDisposable> layers, Stream layer)
    {
        layers.Push(layer);
        return layer;
    }

    /// <summary>A zip archive holding one entry; the archive is a layer of its own, closed after the
    /// entry (that writes its central directory).</summary>
    private static Stream ZipEntry(Stack<IDisposable> layers, Stream output, string entryName)
    {
        var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        layers.Push(archive);
        return archive.CreateEntry(entryName, CompressionLevel.Optimal).Open();
    }

    /// <summary>The name inside a container: 'contacts.csv' for 'contacts.csv.zip'.</summary>
    /// <summary>The extension encryption adds ('' for none): an armored file ends in .asc, a binary one in .pgp.</summary>
    private static string EncryptionExtension(ExportRequest request) => request.Options.Encryption is null ? "" : request.Options.Encryption.Armor ? ".asc" : ".pgp";

    private static string InnerName(string name, string extension) =>
        name.EndsWith(extension, StringComparison.OrdinalIgnoreCase) ? name[..^extension.Length] : name;

    private static void DisposeQuietly(IDisposable layer)
    {
        try
        {
            layer.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or Org.BouncyCastle.Bcpg.OpenPgp.PgpException)
        {
            // The export failed already; that error is the one to report.
        }
    }
}
