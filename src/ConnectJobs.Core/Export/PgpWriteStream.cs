using System.Globalization;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;

namespace ConnectJobs.Export;

/// <summary>Encrypts (and optionally signs) what is written to it as an OpenPGP message for the
/// public key's owner. The integrity packet (MDC) is always on: GnuPG refuses messages without it,
/// and BouncyCastle leaves it off unless asked.</summary>
internal sealed class PgpWriteStream : WriteOnlyStream
{
    private const int BufferSize = 1 << 16;

    private readonly ArmoredOutputStream? _armor;
    private readonly PgpEncryptedDataGenerator _encryption;
    private readonly Stream _encrypted;
    private readonly PgpSignatureGenerator? _signature;
    private readonly PgpLiteralDataGenerator _literalData = new();
    private readonly Stream _literal;
    private bool _closed;

    private PgpWriteStream(Stream output, PgpPublicKey recipient, PgpPrivateKey? signingKey, bool armor, string name)
    {
        Stream target = output;
        if (armor)
        {
            target = _armor = new ArmoredOutputStream(new KeepOpenStream(output));
        }

        _encryption = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, withIntegrityPacket: true, new SecureRandom());
        _encryption.AddMethod(recipient);
        _encrypted = _encryption.Open(armor ? target : new KeepOpenStream(target), new byte[BufferSize]);
        if (signingKey is not null)
        {
            _signature = new PgpSignatureGenerator(signingKey.PublicKeyPacket.Algorithm, HashAlgorithmTag.Sha256);
            _signature.InitSign(PgpSignature.BinaryDocument, signingKey);
            _signature.GenerateOnePassVersion(false).Encode(_encrypted);
        }

        _literal = _literalData.Open(_encrypted, PgpLiteralData.Binary, name, DateTime.UtcNow, new byte[BufferSize]);
    }

    /// <summary>Opens the encrypting stream over <paramref name="output"/> (which it leaves open).</summary>
    public static PgpWriteStream Open(Stream output, PgpEncryption options, string name, char[]? passphrase) =>
        new(output, ReadPublicKey(options.PublicKeyFile), options.SigningKeyFile is null ? null : ReadSigningKey(options.SigningKeyFile, passphrase), options.Armor, name);

    /// <summary>Checks that the key files can be used, before anything is exported.</summary>
    public static void Check(PgpEncryption options, char[]? passphrase)
    {
        ReadPublicKey(options.PublicKeyFile);
        if (options.SigningKeyFile is not null)
        {
            ReadSigningKey(options.SigningKeyFile, passphrase);
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _literal.Write(buffer);
        _signature?.Update(buffer);
    }

    /// <summary>Closing writes the packets' ends (and the signature) in the order OpenPGP wants them.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed)
        {
            _closed = true;
            _literal.Dispose();
            _signature?.Generate().Encode(_encrypted);
            _encrypted.Dispose();
            _armor?.Dispose();
        }

        base.Dispose(disposing);
    }

    private static PgpPublicKey ReadPublicKey(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var bundle = new PgpPublicKeyRingBundle(PgpUtilities.GetDecoderStream(stream));
            if (bundle.Count == 0)
            {
                throw new PgpException(Messages.NoKeyInFile);
            }

            return bundle.GetKeyRings().SelectMany(ring => ring.GetPublicKeys())
                .FirstOrDefault(key => key.IsEncryptionKey && !key.HasRevocation() && (key.GetValidSeconds() == 0 || key.CreationTime.AddSeconds(key.GetValidSeconds()) > DateTime.UtcNow))
                ?? throw ConnectException.Create(ErrorIds.PublicKeyUnusable, ErrorKind.InvalidData, path, Messages.PublicKeyUnusable, path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConnectException(ErrorIds.KeyFileNotFound, ErrorKind.NotFound, path, string.Format(CultureInfo.CurrentCulture, Messages.KeyFileNotFound, path), e);
        }
        catch (Exception e) when (e is PgpException or IOException or ArgumentException or InvalidCastException)
        {
            throw new ConnectException(ErrorIds.PublicKeyInvalid, ErrorKind.InvalidData, path, string.Format(CultureInfo.CurrentCulture, Messages.PublicKeyInvalid, path, e.Message), e);
        }
    }

    private static PgpPrivateKey ReadSigningKey(string path, char[]? passphrase)
    {
        PgpSecretKey key;
        try
        {
            using var stream = File.OpenRead(path);
            var bundle = new PgpSecretKeyRingBundle(PgpUtilities.GetDecoderStream(stream));
            if (bundle.Count == 0)
            {
                throw new PgpException(Messages.NoKeyInFile);
            }

            key = bundle.GetKeyRings().SelectMany(ring => ring.GetSecretKeys()).FirstOrDefault(k => k.IsSigningKey && !k.IsPrivateKeyEmpty)
                ?? throw ConnectException.Create(ErrorIds.SigningKeyUnusable, ErrorKind.InvalidData, path, Messages.SigningKeyUnusable, path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConnectException(ErrorIds.KeyFileNotFound, ErrorKind.NotFound, path, string.Format(CultureInfo.CurrentCulture, Messages.KeyFileNotFound, path), e);
        }
        catch (Exception e) when (e is PgpException or IOException or ArgumentException or InvalidCastException)
        {
            throw new ConnectException(ErrorIds.SigningKeyInvalid, ErrorKind.InvalidData, path, string.Format(CultureInfo.CurrentCulture, Messages.SigningKeyInvalid, path, e.Message), e);
        }

        try
        {
            return key.ExtractPrivateKey(passphrase ?? []);
        }
        catch (PgpException e)
        {
            throw new ConnectException(ErrorIds.SigningKeyPassphrase, ErrorKind.PermissionDenied, path, string.Format(CultureInfo.CurrentCulture, Messages.SigningKeyPassphrase, path), e);
        }
    }

    /// <summary>BouncyCastle closes the stream it writes to; the file underneath must stay open until
    /// it is flushed to disk and renamed.</summary>
    private sealed class KeepOpenStream(Stream inner) : WriteOnlyStream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        public override void WriteByte(byte value) => inner.WriteByte(value);

        public override void Flush() => inner.Flush();
    }
}
