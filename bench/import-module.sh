#!/usr/bin/env bash
# Times Import-Module ConnectJobs in fresh processes (cold: nothing of the module loaded before),
# next to the PowerShell engine's own start in the same processes. Target: import under 0.5 s.
# Usage: bench/import-module.sh [runs]   (default 9)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
dotnet build ConnectJobs.sln -c Release -v quiet -nologo >/dev/null
dotnet build bench/ImportModule -c Release -v quiet -nologo -o bench/work/ImportModule >/dev/null
store=$(mktemp -d)
trap 'rm -rf "$store"' EXIT
results=()
for _ in $(seq "$runs"); do
  results+=("$(dotnet bench/work/ImportModule/ImportModule.dll "$PWD/out/ConnectJobs/ConnectJobs.psd1" "$store")")
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column() { printf '%s\n' "${results[@]}" | cut -d' ' -f"$1" | median; }
echo "runs: $runs (a fresh process each)"
echo "engine start (runspace open), anchor: median $(column 1) ms"
echo "Import-Module ConnectJobs:            median $(column 2) ms (target < 500 ms)"
echo "first command (open store, list):     median $(column 3) ms"
