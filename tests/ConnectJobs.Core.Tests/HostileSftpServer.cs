namespace ConnectJobs.Core.Tests;

/// <summary>A real OpenSSH sshd whose SFTP subsystem lies: a small SFTP version 3 server (Python, as
/// sshd runs it for the throwaway user) that lists the names it is given (absolute paths, '..',
/// backslashes, empty, '.', control characters), serves the same bytes for any file it lists, and
/// records every path a client opens.</summary>
public sealed class HostileSftpServer : TestServer
{
    public HostileSftpServer()
        : base("hostile-sshd", "ch")
    {
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(Folder, "hostkey"));
        HostKeyFingerprint = Run("ssh-keygen", "-l", "-E", "sha256", "-f", Path.Combine(Folder, "hostkey.pub")).Split(' ')[1];
        File.WriteAllText(Script, SubsystemSource);
        File.WriteAllText(NamesFile, "");
        File.WriteAllText(OpenedFile, "");
        Run("chmod", "755", Script);
        Run("chmod", "666", NamesFile, OpenedFile);
        File.WriteAllText(Path.Combine(Folder, "sshd_config"), $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {Folder}/hostkey
            PidFile {Folder}/sshd.pid
            PasswordAuthentication yes
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            AllowUsers {User}
            Subsystem sftp /usr/bin/python3 {Script}
            """);
        Directory.CreateDirectory("/run/sshd");
        Start("/usr/sbin/sshd", "-D", "-e", "-f", Path.Combine(Folder, "sshd_config"));
    }

    public string HostKeyFingerprint { get; }

    /// <summary>The names the next listing returns, one per line (C-style escapes: \x01, \\).</summary>
    public IReadOnlyList<string> Names
    {
        set => File.WriteAllText(NamesFile, string.Concat(value.Select(n => Escape(n) + "\n")));
    }

    /// <summary>The paths clients opened, as the subsystem received them.</summary>
    public IReadOnlyList<string> Opened => File.ReadAllLines(OpenedFile);

    private string Script => Path.Combine(Folder, "hostile_sftp.py");

    private string NamesFile => Path.Combine(Folder, "names.txt");

    private string OpenedFile => Path.Combine(Folder, "opened.txt");

    private static string Escape(string name) => string.Concat(name.Select(c => c switch
    {
        '\\' => "\\\\",
        < ' ' => $"\\x{(int)c:x2}",
        _ => c.ToString(),
    }));

    private string SubsystemSource => $$"""
        import struct, sys, codecs
        NAMES = '{{NamesFile}}'
        OPENED = '{{OpenedFile}}'
        CONTENT = b'EMAIL_ADDRESS_\na@example.com\n'
        inp, out = sys.stdin.buffer, sys.stdout.buffer
        def read(n):
            data = b''
            while len(data) < n:
                chunk = inp.read(n - len(data))
                if not chunk:
                    sys.exit(0)
                data += chunk
            return data
        def s(b): return struct.pack('>I', len(b)) + b
        def send(kind, payload):
            out.write(struct.pack('>IB', len(payload) + 1, kind) + payload)
            out.flush()
        def attrs(regular=True):
            return struct.pack('>IQIII', 0x1 | 0x4 | 0x8, len(CONTENT), (0o100644 if regular else 0o40755), 1767225600, 1767225600)
        def status(rid, code): send(101, struct.pack('>II', rid, code) + s(b'') + s(b''))
        def names():
            with open(NAMES, encoding='utf-8') as f:
                return [codecs.decode(line.rstrip('\n'), 'unicode_escape').encode('utf-8') for line in f]
        handles = {}
        while True:
            length, kind = struct.unpack('>IB', read(5))
            body = read(length - 1)
            if kind == 1:
                send(2, struct.pack('>I', 3) + s(b'posix-rename@openssh.com') + s(b'1'))
                continue
            rid = struct.unpack('>I', body[:4])[0]
            rest = body[4:]
            def string(at=0):
                n = struct.unpack('>I', rest[at:at + 4])[0]
                return rest[at + 4:at + 4 + n], at + 4 + n
            if kind == 16:
                path, _ = string()
                full = b'/home' if path in (b'', b'.') else path if path.startswith(b'/') else b'/home/' + path
                send(104, struct.pack('>II', rid, 1) + s(full) + s(full) + attrs(False))
            elif kind == 11:
                handles[b'd%d' % rid] = 'dir'
                send(102, struct.pack('>I', rid) + s(b'd%d' % rid))
            elif kind == 12:
                handle, _ = string()
                if handles.get(handle) == 'dir':
                    handles[handle] = 'done'
                    listed = names()
                    payload = struct.pack('>II', rid, len(listed))
                    for name in listed:
                        payload += s(name) + s(b'-rw-r--r-- 1 u u 30 Jan 1 2026 ' + name) + attrs()
                    send(104, payload)
                else:
                    status(rid, 1)
            elif kind == 3:
                path, _ = string()
                with open(OPENED, 'ab') as f:
                    f.write(path + b'\n')
                handles[b'f%d' % rid] = 'file'
                send(102, struct.pack('>I', rid) + s(b'f%d' % rid))
            elif kind == 5:
                handle, at = string()
                offset, size = struct.unpack('>QI', rest[at:at + 12])
                if offset >= len(CONTENT):
                    status(rid, 1)
                else:
                    send(103, struct.pack('>I', rid) + s(CONTENT[offset:offset + size]))
            elif kind in (7, 8, 17):
                send(105, struct.pack('>I', rid) + attrs())
            else:
                status(rid, 0)
        """;
}
