using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace ConnectJobs.Connections;

/// <summary>An ed25519 key pair for logging in to a partner's SFTP server (Responsys' "generate key"):
/// the private key in OpenSSH's format, which SSH.NET reads, and the public key line the partner
/// installs in authorized_keys.</summary>
/// <param name="PrivateKey">'-----BEGIN OPENSSH PRIVATE KEY-----' … (unencrypted: the store encrypts it as a secret).</param>
/// <param name="PublicKey">'ssh-ed25519 AAAA… comment', one line for authorized_keys.</param>
/// <param name="Fingerprint">'SHA256:…', as ssh-keygen -l prints it.</param>
public sealed record SshKeyPair(string PrivateKey, string PublicKey, string Fingerprint)
{
    public static SshKeyPair Generate(string comment)
    {
        var key = new Ed25519PrivateKeyParameters(new SecureRandom());
        var seed = key.GetEncoded();
        var publicKey = key.GeneratePublicKey().GetEncoded();
        var publicBlob = Concat(String("ssh-ed25519"u8), String(publicKey));

        // openssh-key-v1 (PROTOCOL.key in OpenSSH's sources), with no cipher: two equal check words,
        // the key, its comment, and padding 1, 2, 3, … to a multiple of 8.
        var check = new byte[4];
        RandomNumberGenerator.Fill(check);
        var secret = Concat(check, check, String("ssh-ed25519"u8), String(publicKey), String(Concat(seed, publicKey)), String(Encoding.UTF8.GetBytes(comment)));
        var padded = Concat(secret, Enumerable.Range(1, (8 - (secret.Length % 8)) % 8).Select(i => (byte)i).ToArray());
        var file = Concat("openssh-key-v1\0"u8.ToArray(), String("none"u8), String("none"u8), String([]), UInt32(1), String(publicBlob), String(padded));
        var pem = new StringBuilder("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        var base64 = Convert.ToBase64String(file);
        for (var i = 0; i < base64.Length; i += 70)
        {
            pem.Append(base64, i, Math.Min(70, base64.Length - i)).Append('\n');
        }

        pem.Append("-----END OPENSSH PRIVATE KEY-----\n");
        return new SshKeyPair(pem.ToString(), $"ssh-ed25519 {Convert.ToBase64String(publicBlob)} {comment}",
            "SHA256:" + Convert.ToBase64String(SHA256.HashData(publicBlob)).TrimEnd('='));
    }

    private static byte[] UInt32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    /// <summary>An SSH 'string': its length, then its bytes.</summary>
    private static byte[] String(ReadOnlySpan<byte> value) => Concat(UInt32(value.Length), value.ToArray());

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}

/// <summary>What New-ConnectSshKey shows: the public key line to install on the partner's server.</summary>
public sealed record SshPublicKey(string Connection, string PublicKey, string Fingerprint)
{
    public override string ToString() => PublicKey;
}
