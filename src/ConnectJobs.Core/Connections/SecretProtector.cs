using System.Security.Cryptography;
using System.Text;

namespace ConnectJobs.Connections;

/// <summary>Encrypts connection secrets at rest: on Windows with DPAPI (for the user running it); on
/// Linux and macOS with AES-256-GCM under a key kept outside the store, in a file readable only by its
/// owner, made on first use ($CONNECTJOBS_SECRET_KEY, else ConnectJobs/secret.key in the user's
/// configuration folder; the variable chooses the key file on Windows too). Copying the store
/// without the key gives nobody the passwords.</summary>
internal static class SecretProtector
{
    private const string Version = "v1:";
    private const string Dpapi = "dpapi:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static string KeyFile =>
        Environment.GetEnvironmentVariable("CONNECTJOBS_SECRET_KEY") is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.Create), "ConnectJobs", "secret.key");

    public static string Protect(string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        if (OperatingSystem.IsWindows() && Environment.GetEnvironmentVariable("CONNECTJOBS_SECRET_KEY") is null or "")
        {
            return Dpapi + Convert.ToBase64String(ProtectedData.Protect(plain, Entropy, DataProtectionScope.CurrentUser));
        }

        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key(create: true), TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize));
        return Version + Convert.ToBase64String(sealedBytes);
    }

    public static string Unprotect(string stored)
    {
        try
        {
            if (stored.StartsWith(Dpapi, StringComparison.Ordinal))
            {
                return OperatingSystem.IsWindows()
                    ? Encoding.UTF8.GetString(ProtectedData.Unprotect(Convert.FromBase64String(stored[Dpapi.Length..]), Entropy, DataProtectionScope.CurrentUser))
                    : throw new CryptographicException("A DPAPI secret can be read on Windows only.");
            }

            var sealedBytes = Convert.FromBase64String(stored[Version.Length..]);
            var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
            using var aes = new AesGcm(Key(create: false), TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain);
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConnectException(ErrorIds.SecretUnreadable, ErrorKind.PermissionDenied, KeyFile,
                string.Format(System.Globalization.CultureInfo.CurrentCulture, Messages.SecretUnreadable, KeyFile), e);
        }
    }

    /// <summary>Ties DPAPI secrets to ConnectJobs, so that other programs of the user do not read them by accident.</summary>
    private static readonly byte[] Entropy = Encoding.UTF8.GetBytes("ConnectJobs connection secret");

    private static byte[] Key(bool create)
    {
        var path = KeyFile;
        if (!File.Exists(path) && create)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var file = new FileStream(path, options);
            file.Write(RandomNumberGenerator.GetBytes(32));
        }

        var key = File.ReadAllBytes(path);
        return key.Length == 32 ? key : throw new CryptographicException("The secret key file is not 32 bytes.");
    }
}
