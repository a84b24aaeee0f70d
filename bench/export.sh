#!/usr/bin/env bash
# Issue 4's export benchmark: a list of generated contacts (default 1,500,000) exported to CSV, 12
# columns, by ConnectJobs and, as the anchor in the same run, by the sqlite3 shell reading the same
# store file (sqlite3 -csv -header data.db 'select ...' > file); then both gzip-compressed (ours
# in-process, the anchor piped into gzip -6). Each is run three times; the best time counts.
# Usage: bench/export.sh [rows]   (needs sqlite3 and gzip)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1500000}
work=bench/work/export
mkdir -p "$work"
dotnet build bench/ExportBench -c Release -v quiet -nologo -o bench/work/ExportBench >/dev/null

echo "== preparing a list of $rows contacts"
dotnet bench/work/ExportBench/ExportBench.dll "$work" "$rows" prepare | tee "$work/prepare.txt"
table=$(awk '/^table/ { print $2 }' "$work/prepare.txt")
# About 1 % of the generated addresses are invalid and rejected: count what the list really holds.
records=$(awk '/^list/ { print $2 }' "$work/prepare.txt")
db="$work/store-$rows/data.db"
cols='EMAIL_ADDRESS_, CUSTOMER_ID_, FIRST_NAME, LAST_NAME, CITY_, POSTAL_CODE_, COUNTRY_, MOBILE_NUMBER_, EMAIL_PERMISSION_STATUS_, LOYALTY_POINTS, SIGNUP_DATE, MODIFIED_DATE_'

best() { sort -n | head -1; }
seconds() { local s e; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f\n", e - s }'; }

for mode in plain gzip; do
  echo "== ConnectJobs, $mode"
  ours=0
  for i in 1 2 3; do
    out=$(/usr/bin/time -f "process peak RSS %M KB" dotnet bench/work/ExportBench/ExportBench.dll "$work" "$rows" "$mode" 2>&1)
    echo "$out" | grep -v '^result'
    rate=$(echo "$out" | awk '/^result/ { print $2 }')
    [ "$rate" -gt "$ours" ] && ours=$rate
  done
  echo "== sqlite3 shell, $mode"
  if [ "$mode" = plain ]; then
    anchor_s=$(for i in 1 2 3; do seconds sh -c "sqlite3 -csv -header '$db' 'select $cols from \"$table\"' > '$work/anchor.csv'"; done | best)
  else
    anchor_s=$(for i in 1 2 3; do seconds sh -c "sqlite3 -csv -header '$db' 'select $cols from \"$table\"' | gzip -6 > '$work/anchor.csv.gz'"; done | best)
  fi
  anchor=$(awk -v s="$anchor_s" -v n="$records" 'BEGIN { printf "%.0f", n / s }')
  echo "$mode  sqlite3 $records rows in $anchor_s s: $anchor rows/s"
  echo "== $mode: ConnectJobs $ours rows/s / sqlite3 $anchor rows/s = $(awk -v a="$ours" -v b="$anchor" 'BEGIN { printf "%.2f", a / b }')x (target 1.0x)"
done
ls -l "$work"/ours.csv "$work"/anchor.csv "$work"/ours.csv.gz "$work"/anchor.csv.gz
