using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ConnectJobs.Core.Tests;

/// <summary>A real vsftpd (Debian's package) on spare ports of 127.0.0.1 with its own config, a
/// throwaway user, and for FTPS a self-signed certificate for 'localhost', with vsftpd's defaults
/// otherwise (require_ssl_reuse=YES: data channels must resume the control channel's TLS session).
/// Needs root, as CI has; fails loudly otherwise.</summary>
public abstract class FtpServer : TestServer
{
    protected FtpServer(bool tls, bool implicitTls = false)
        : base("vsftpd", "cf")
    {
        var passive = FreePort();
        var tlsConfig = "ssl_enable=NO";
        if (tls)
        {
            Run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", Path.Combine(Folder, "key.pem"), "-out", Path.Combine(Folder, "cert.pem"), "-days", "2", "-subj", "/CN=localhost");
            using var certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Folder, "cert.pem"));
            CertificateFingerprint = "SHA256:" + Convert.ToBase64String(SHA256.HashData(certificate.RawData)).TrimEnd('=');
            tlsConfig = $"""
                ssl_enable=YES
                rsa_cert_file={Folder}/cert.pem
                rsa_private_key_file={Folder}/key.pem
                force_local_data_ssl=YES
                force_local_logins_ssl=YES
                implicit_ssl={(implicitTls ? "YES" : "NO")}
                """;
        }

        Directory.CreateDirectory("/var/run/vsftpd/empty");
        File.WriteAllText(Path.Combine(Folder, "vsftpd.conf"), $"""
            listen=YES
            listen_ipv6=NO
            listen_address=127.0.0.1
            listen_port={Port}
            background=NO
            anonymous_enable=NO
            local_enable=YES
            write_enable=YES
            local_umask=022
            pasv_enable=YES
            pasv_address=127.0.0.1
            pasv_min_port={passive}
            pasv_max_port={passive + 20}
            seccomp_sandbox=NO
            utf8_filesystem=YES
            pam_service_name=vsftpd
            secure_chroot_dir=/var/run/vsftpd/empty
            {tlsConfig}
            """);
        Start("/usr/sbin/vsftpd", Path.Combine(Folder, "vsftpd.conf"));
    }

    /// <summary>The certificate's SHA-256 fingerprint ('SHA256:…'), for FTPS.</summary>
    public string? CertificateFingerprint { get; }
}

/// <summary>vsftpd with plain FTP.</summary>
public sealed class PlainFtpServer() : FtpServer(tls: false);

/// <summary>vsftpd with explicit FTPS (AUTH TLS), data channels protected, TLS sessions reused.</summary>
public sealed class FtpsServer() : FtpServer(tls: true);

/// <summary>vsftpd with implicit FTPS: TLS from the first byte.</summary>
public sealed class ImplicitFtpsServer() : FtpServer(tls: true, implicitTls: true);
