using System.Globalization;
using System.IO.Compression;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace ConnectJobs.Import;

/// <summary>Turns an encrypted and/or compressed inbound file into its plain CSV, in a temporary
/// file beside the store (the reader needs a file it can seek in), streaming and without holding
/// the file in memory. A PGP message must carry its integrity packet and pass it, as GnuPG requires.</summary>
internal static class InboundDecoder
{
    /// <summary>The plain copy's path, or null when the file is plain already (nothing to delete).
    /// Messages name <paramref name="label"/>: the file as the user knows it (a remote path, not the
    /// local copy a server's file was downloaded to).</summary>
    public static async Task<string?> DecodeAsync(string path, string label, InboundFormat format, char[]? passphrase, string workFolder, CancellationToken cancellationToken)
    {
        if (format.Compression == Export.Compression.None && format.DecryptionKeyFile is null)
        {
            return null;
        }

        Directory.CreateDirectory(workFolder);
        var plain = Path.Combine(workFolder, $"{Guid.NewGuid():N}.csv");
        try
        {
            await using (var input = Open(path))
            await using (var output = new FileStream(plain, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.None))
            {
                if (format.DecryptionKeyFile is { } key)
                {
                    await using var decrypted = new FileStream(plain + ".dec", FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
                    Decrypt(input, decrypted, label, key, passphrase, cancellationToken);
                    decrypted.Position = 0;
                    await DecompressAsync(decrypted, output, label, format.Compression, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await DecompressAsync(input, output, label, format.Compression, cancellationToken).ConfigureAwait(false);
                }
            }

            return plain;
        }
        catch
        {
            File.Delete(plain);
            throw;
        }
    }

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e)
        {
            throw new ConnectException(ErrorIds.InboundFileNotFound, ErrorKind.NotFound, path, string.Format(CultureInfo.CurrentCulture, Messages.InboundFileNotFound, path), e);
        }
    }

    private static async Task DecompressAsync(Stream input, Stream output, string path, Export.Compression compression, CancellationToken cancellationToken)
    {
        try
        {
            switch (compression)
            {
                case Export.Compression.GZip:
                    await using (var gzip = new GZipStream(input, CompressionMode.Decompress, leaveOpen: true))
                    {
                        await gzip.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case Export.Compression.Zip:
                    using (var zip = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true))
                    {
                        var entry = zip.Entries.Where(e => e.Length > 0 || e.Name.Length > 0).ToList() is [var single]
                            ? single
                            : throw ConnectException.Create(ErrorIds.ZipNotOneFile, ErrorKind.InvalidFile, path, Messages.ZipNotOneFile, path, zip.Entries.Count);
                        await using var stream = entry.Open();
                        await stream.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                default:
                    await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        catch (InvalidDataException e)
        {
            throw new ConnectException(ErrorIds.NotCompressed, ErrorKind.InvalidFile, path, string.Format(CultureInfo.CurrentCulture, Messages.NotCompressed, path, compression, e.Message), e);
        }
    }

    private static void Decrypt(Stream input, Stream output, string path, string keyFile, char[]? passphrase, CancellationToken cancellationToken)
    {
        var keys = ReadSecretKeys(keyFile);
        try
        {
            var factory = new PgpObjectFactory(PgpUtilities.GetDecoderStream(input));
            var next = factory.NextPgpObject();
            var encrypted = (next as PgpEncryptedDataList ?? factory.NextPgpObject() as PgpEncryptedDataList)
                ?? throw ConnectException.Create(ErrorIds.NotEncrypted, ErrorKind.InvalidFile, path, Messages.NotEncrypted, path);
            var (data, secret) = encrypted.GetEncryptedDataObjects().OfType<PgpPublicKeyEncryptedData>()
                .Select(d => (Data: d, Key: keys.GetSecretKey(d.KeyId)))
                .FirstOrDefault(p => p.Key is not null);
            if (data is null)
            {
                throw ConnectException.Create(ErrorIds.NoDecryptionKey, ErrorKind.InvalidFile, path, Messages.NoDecryptionKey, path, keyFile);
            }

            PgpPrivateKey key;
            try
            {
                key = secret!.ExtractPrivateKey(passphrase ?? []);
            }
            catch (PgpException e)
            {
                throw new ConnectException(ErrorIds.DecryptionKeyPassphrase, ErrorKind.PermissionDenied, keyFile, string.Format(CultureInfo.CurrentCulture, Messages.DecryptionKeyPassphrase, keyFile), e);
            }

            if (!data.IsIntegrityProtected())
            {
                throw ConnectException.Create(ErrorIds.PgpNoIntegrity, ErrorKind.InvalidFile, path, Messages.PgpNoIntegrity, path);
            }

            var message = new PgpObjectFactory(data.GetDataStream(key));
            var content = message.NextPgpObject();
            if (content is PgpCompressedData compressed)
            {
                message = new PgpObjectFactory(compressed.GetDataStream());
                content = message.NextPgpObject();
            }

            while (content is PgpOnePassSignatureList or PgpSignatureList)
            {
                content = message.NextPgpObject();
            }

            var literal = content as PgpLiteralData ?? throw ConnectException.Create(ErrorIds.NotEncrypted, ErrorKind.InvalidFile, path, Messages.NotEncrypted, path);
            literal.GetInputStream().CopyTo(output);
            cancellationToken.ThrowIfCancellationRequested();
            if (!data.Verify())
            {
                throw ConnectException.Create(ErrorIds.PgpIntegrityFailed, ErrorKind.InvalidFile, path, Messages.PgpIntegrityFailed, path);
            }
        }
        catch (Exception e) when (e is PgpException or IOException or InvalidDataException && e is not FileNotFoundException)
        {
            throw new ConnectException(ErrorIds.PgpDecryptFailed, ErrorKind.InvalidFile, path, string.Format(CultureInfo.CurrentCulture, Messages.PgpDecryptFailed, path, e.Message), e);
        }
    }

    private static PgpSecretKeyRingBundle ReadSecretKeys(string keyFile)
    {
        try
        {
            using var stream = File.OpenRead(keyFile);
            var bundle = new PgpSecretKeyRingBundle(PgpUtilities.GetDecoderStream(stream));
            return bundle.Count > 0 ? bundle : throw new PgpException(Messages.NoKeyInFile);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConnectException(ErrorIds.KeyFileNotFound, ErrorKind.NotFound, keyFile, string.Format(CultureInfo.CurrentCulture, Messages.KeyFileNotFound, keyFile), e);
        }
        catch (Exception e) when (e is PgpException or IOException or ArgumentException or InvalidCastException)
        {
            throw new ConnectException(ErrorIds.SecretKeyInvalid, ErrorKind.InvalidData, keyFile, string.Format(CultureInfo.CurrentCulture, Messages.SigningKeyInvalid, keyFile, e.Message), e);
        }
    }
}
