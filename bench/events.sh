#!/usr/bin/env bash
# The event store's speed and memory (issue 13), each next to its anchor in the same run:
#   ingestion of a generated event file (mixed types, realistic field sizes, 20 % with user agents)
#   against the sqlite3 shell's .import of the same file into an unindexed table (target 0.8x), and
#   into a table with the store's unique index on the event id (what deduplication costs SQLite);
#   a feed run exporting every event (one file per type, Responsys layout) against sqlite3 -csv of
#   the same rows and columns, the feed's own SELECT (target 1.0x); a feed run with nothing new
#   (target under 1 s); peak memory of each ConnectJobs process (target under 250 MB).
# Usage: bench/events.sh [events]   (default 1000000; needs sqlite3: apt-get install sqlite3)
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-1000000}
work=bench/work/events
mkdir -p "$work"
dotnet build bench/EventBench -c Release -v quiet -nologo -o bench/work/EventBench >/dev/null
program=(dotnet bench/work/EventBench/EventBench.dll "$work" "$events")
bench() { "${program[@]}" "$@"; }
[ -f "$work/events-$events.csv" ] || bench generate

echo "== ingestion ($events events)"
/usr/bin/time -f "ConnectJobs peak RSS %M KB" "${program[@]}" ingest | tee "$work/ingest.txt"
db="$work/anchor.db"
rm -f "$db" "$db-wal" "$db-shm"
sqlite3 "$db" "PRAGMA journal_mode=WAL; CREATE TABLE events (EventId TEXT, Type TEXT, Captured TEXT, Riid TEXT, Email TEXT, CampaignId TEXT, LaunchId TEXT, Subject TEXT, Url TEXT, BounceType TEXT, BounceReason TEXT, UserAgent TEXT, MessageSize TEXT);" >/dev/null
start=$(date +%s.%N)
sqlite3 "$db" -cmd "PRAGMA synchronous=FULL;" ".import --csv --skip 1 $work/events-$events.csv events"
end=$(date +%s.%N)
anchor=$(awk -v s="$start" -v e="$end" -v n="$events" 'BEGIN { printf "%.0f", n / (e - s) }')
echo "sqlite3 .import $events rows in $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }') s: $anchor rows/s"
ours=$(awk '/^result/ { print $2 }' "$work/ingest.txt")
echo "ingestion ConnectJobs / sqlite3: $(awk -v a="$ours" -v b="$anchor" 'BEGIN { printf "%.2f", a / b }')x (target 0.8x)"
# What the store cannot do without: a unique index on the event id, so that an event ingested twice
# is stored once. The same .import into a table with that index shows what it costs SQLite itself.
rm -f "$db" "$db-wal" "$db-shm"
sqlite3 "$db" "PRAGMA journal_mode=WAL; CREATE TABLE events (EventId TEXT, Type TEXT, Captured TEXT, Riid TEXT, Email TEXT, CampaignId TEXT, LaunchId TEXT, Subject TEXT, Url TEXT, BounceType TEXT, BounceReason TEXT, UserAgent TEXT, MessageSize TEXT); CREATE UNIQUE INDEX events_id ON events(EventId) WHERE EventId IS NOT NULL;" >/dev/null
start=$(date +%s.%N)
sqlite3 "$db" -cmd "PRAGMA synchronous=FULL;" ".import --csv --skip 1 $work/events-$events.csv events"
end=$(date +%s.%N)
indexed=$(awk -v s="$start" -v e="$end" -v n="$events" 'BEGIN { printf "%.0f", n / (e - s) }')
echo "sqlite3 .import with the unique event id index: $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }') s: $indexed rows/s ($(awk -v a="$indexed" -v b="$anchor" 'BEGIN { printf "%.2f", a / b }')x of the unindexed import)"
echo "ingestion ConnectJobs / sqlite3 with the same index: $(awk -v a="$ours" -v b="$indexed" 'BEGIN { printf "%.2f", a / b }')x"

echo "== feed of every event"
rm -rf "$work/feed"
/usr/bin/time -f "ConnectJobs peak RSS %M KB" "${program[@]}" feed | tee "$work/feed.txt"
mkdir -p "$work/anchor-feed"
store="$work/store-$events/data.db"
start=$(date +%s.%N)
while IFS=$'\t' read -r type sql; do
  sqlite3 -csv -header "$store" "$sql" > "$work/anchor-feed/$type.csv"
done < <(bench sql)
end=$(date +%s.%N)
anchor_s=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
echo "sqlite3 -csv of the same rows and columns: $anchor_s s"
ours_s=$(awk '/^result-all/ { print $2 }' "$work/feed.txt")
echo "feed ConnectJobs / sqlite3 (time of sqlite3 / time of ConnectJobs): $(awk -v a="$ours_s" -v b="$anchor_s" 'BEGIN { printf "%.2f", b / a }')x (target 1.0x)"
echo "feed with nothing new: $(awk '/^result-none/ { print $2 }' "$work/feed.txt") s (target < 1 s)"
