#!/usr/bin/env bash
# The tick's speed (schedules issue): a store with 10,000 scheduled jobs and a year of run history
# (a run a day each), the due jobs found in-process (target under 50 ms), and a whole
# `connectjobs-run -Tick` process that finds nothing due (target under 300 ms), next to
# `connectjobs-run -Command 'Invoke-ConnectJob -Due'` and the same process running nothing at all
# (`-Command '$null'`: the floor of any tick that starts PowerShell).
# Usage: bench/tick.sh [jobs] [days]   (default 10000 365)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-10000}
days=${2:-365}
work=bench/work/tick
mkdir -p "$work"
dotnet build ConnectJobs.sln -c Release -v quiet -nologo >/dev/null
dotnet build bench/TickBench -c Release -v quiet -nologo -o bench/work/TickBench >/dev/null
dotnet bench/work/TickBench/TickBench.dll "$work/store" "$jobs" "$days"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
wall() {
  for _ in 1 2 3 4 5 6 7; do
    start=$(date +%s%N)
    CONNECTJOBS_STORE="$work/store" dotnet out/host/connectjobs-run.dll "$@" >/dev/null
    echo $(( ($(date +%s%N) - start) / 1000000 ))
  done | median
}
echo "tick     connectjobs-run -Tick (nothing due): median $(wall -Tick) ms (target < 300 ms)"
echo "command  connectjobs-run -Command 'Invoke-ConnectJob -Due' (nothing due): median $(wall -Command 'Invoke-ConnectJob -Due') ms"
echo "floor    connectjobs-run -Command '\$null' (PowerShell and module start): median $(wall -Command '$null') ms"
