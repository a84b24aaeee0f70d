using System.Diagnostics;

namespace ConnectJobs.Core.Tests;

/// <summary>The real GnuPG (Debian's gnupg) in a throwaway home directory: makes keys, decrypts and
/// verifies what the exporter wrote. Fails loudly when gpg is missing: these tests never skip.</summary>
public sealed class Gpg : IDisposable
{
    public const string SigningPassphrase = "s3cret words";

    public Gpg()
    {
        Home = Directory.CreateTempSubdirectory("cj-gpg-").FullName;
        Run(["--quick-gen-key", "Recipient <recipient@example.com>", "rsa2048", "sign,encr", "never"], "");
        Run(["--quick-gen-key", "Curve Recipient <curve@example.com>", "future-default", "default", "never"], "");
        Run(["--quick-gen-key", "Signer <signer@example.com>", "rsa2048", "sign", "never"], SigningPassphrase);
        Run(["--quick-gen-key", "Guarded <guarded@example.com>", "rsa2048", "sign,encr", "never"], SigningPassphrase);
        RecipientKey = Export("recipient.asc", "--armor", "--export", "recipient@example.com");
        CurveKey = Export("curve.gpg", "--export", "curve@example.com");
        SigningKey = Export("signer-secret.asc", "--armor", "--export-secret-keys", "signer@example.com");
        RecipientSecretKey = Export("recipient-secret.gpg", "--export-secret-keys", "recipient@example.com");
        GuardedSecretKey = Export("guarded-secret.asc", "--armor", "--export-secret-keys", "guarded@example.com");
    }

    /// <summary>A recipient's secret key protected by <see cref="SigningPassphrase"/> (armored); encrypt for it with recipient 'guarded@example.com'.</summary>
    public string GuardedSecretKey { get; }

    /// <summary>The recipient's secret key (binary, no passphrase): what an inbound job decrypts with.</summary>
    public string RecipientSecretKey { get; }

    /// <summary>Encrypts a file for the recipient as a sender would, with gpg's defaults (it compresses, and adds the MDC).</summary>
    public void Encrypt(string path, string output, bool armor, string recipient = "recipient@example.com") =>
        Run([.. armor ? new[] { "--armor" } : [], "--trust-model", "always", "--recipient", recipient, "--output", output, "--encrypt", path], "");

    public string Home { get; }

    /// <summary>An armored RSA public key.</summary>
    public string RecipientKey { get; }

    /// <summary>A binary ed25519/cv25519 public key (GnuPG's future default).</summary>
    public string CurveKey { get; }

    /// <summary>An armored secret key, protected by <see cref="SigningPassphrase"/>.</summary>
    public string SigningKey { get; }

    /// <summary>Decrypts a file; returns the plain bytes and gpg's status lines (GOODSIG and such).</summary>
    public (byte[] Plain, string Status) Decrypt(string path)
    {
        var output = Path.Combine(Home, Guid.NewGuid().ToString("N"));
        var status = Run(["--status-fd", "1", "--output", output, "--decrypt", path], "");
        return (File.ReadAllBytes(output), status);
    }

    public void Dispose()
    {
        Run(["--kill", "gpg-agent"], null, tool: "gpgconf", check: false);
        Directory.Delete(Home, recursive: true);
    }

    private string Export(string name, params string[] args)
    {
        var path = Path.Combine(Home, name);
        Run([.. args[..^1], "--output", path, args[^1]], SigningPassphrase);
        return path;
    }

    private string Run(string[] args, string? passphrase, string tool = "gpg", bool check = true)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["GNUPGHOME"] = Home;
        if (tool == "gpg")
        {
            foreach (var arg in new[] { "--batch", "--yes", "--pinentry-mode", "loopback", "--passphrase", passphrase ?? "" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr}");
        }

        return stdout.Result + stderr;
    }
}
