#!/usr/bin/env bash
# Issue 5's transfer benchmark: a file (default 1024 MiB) put to and got from a local sshd (Debian's
# openssh-server, started here on a spare port with its own config and keys) by ConnectJobs' SFTP
# location (SSH.NET) and, as the anchor in the same run, by OpenSSH's own `sftp -b`, with the same
# cipher forced on the server for both. Needs root (sshd) and openssh-server.
# Usage: bench/sftp.sh [MiB]
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1024}
work=$(realpath -m bench/work/sftp)
rm -rf "$work" && mkdir -p "$work/remote" && chmod 755 "$work"
dotnet build bench/SftpBench -c Release -v quiet -nologo -o bench/work/SftpBench >/dev/null
ssh-keygen -q -t ed25519 -N '' -f "$work/hostkey"
ssh-keygen -q -t ed25519 -N '' -f "$work/userkey"
cp "$work/userkey.pub" "$work/authorized_keys"
fingerprint=$(ssh-keygen -l -E sha256 -f "$work/hostkey.pub" | awk '{ print $2 }')
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
head -c "${size}M" /dev/urandom > "$work/file.bin"
mkdir -p /run/sshd

for cipher in chacha20-poly1305@openssh.com aes256-gcm@openssh.com; do
  cat > "$work/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $work/hostkey
PidFile $work/sshd.pid
AuthorizedKeysFile $work/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
UsePAM no
StrictModes no
Ciphers $cipher
Subsystem sftp internal-sftp
CONF
  /usr/sbin/sshd -f "$work/sshd_config"
  sleep 0.5
  echo "== $cipher, ${size} MiB"
  ours=$(dotnet bench/work/SftpBench/SftpBench.dll "$port" root "$work/userkey" "$fingerprint" "$work/remote" "$work/file.bin")
  echo "$ours" | sed 's/^/ConnectJobs /'
  sftp_opts=(-q -i "$work/userkey" -P "$port" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o "Ciphers=$cipher")
  start=$(date +%s.%N); echo "put $work/file.bin $work/remote/theirs.bin" | sftp "${sftp_opts[@]}" -b - root@127.0.0.1 >/dev/null; end=$(date +%s.%N)
  their_put=$(awk -v s="$start" -v e="$end" -v m="$size" 'BEGIN { printf "%.0f", m / (e - s) }')
  start=$(date +%s.%N); echo "get $work/remote/theirs.bin $work/theirs-back.bin" | sftp "${sftp_opts[@]}" -b - root@127.0.0.1 >/dev/null; end=$(date +%s.%N)
  their_get=$(awk -v s="$start" -v e="$end" -v m="$size" 'BEGIN { printf "%.0f", m / (e - s) }')
  echo "OpenSSH put $their_put MB/s"
  echo "OpenSSH get $their_get MB/s"
  our_put=$(echo "$ours" | awk '/^put/ { print $2 }'); our_get=$(echo "$ours" | awk '/^get/ { print $2 }')
  echo "== $cipher: put $(awk -v a="$our_put" -v b="$their_put" 'BEGIN { printf "%.2f", a / b }')x, get $(awk -v a="$our_get" -v b="$their_get" 'BEGIN { printf "%.2f", a / b }')x (target 0.8x)"
  kill "$(cat "$work/sshd.pid")"
  sleep 0.3
  rm -f "$work/remote/"*.bin "$work/theirs-back.bin"
done
rm -f "$work/file.bin"
