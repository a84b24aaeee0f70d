#!/usr/bin/env bash
# Issue 3's import benchmark: a generated contact file (12 columns, quoted commas and line breaks,
# non-ASCII names, ~1 % bad addresses) merged into a list that already holds as many records, half
# of the incoming rows matching on EMAIL_ADDRESS_; and, as the anchor in the same run, the sqlite3
# shell doing the same merge itself (.import into a staging table, one INSERT ... SELECT ...
# ON CONFLICT(EMAIL_ADDRESS_) DO UPDATE into the same table, with its email index made unique).
# Addresses do not sort in file order (as in real files; the issue's own anchor figure, a merge
# taking three times as long as the .import, shows the same).
# The incoming file lists its contacts in the list's own order (as a re-export from the same
# system would); with "shuffled" in random order (a file from another system).
# Usage: bench/import.sh [rows] [shuffled]   (default 1000000; needs sqlite3: apt-get install sqlite3)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
order=${2:-listed}
incoming=incoming-$rows.csv
[ "$order" = shuffled ] && incoming=incoming-$rows-shuffled.csv
work=bench/work/import
mkdir -p "$work"
dotnet build bench/ImportBench -c Release -v quiet -nologo -o bench/work/ImportBench >/dev/null

echo "== ConnectJobs ($rows rows)"
/usr/bin/time -f "process peak RSS %M KB" dotnet bench/work/ImportBench/ImportBench.dll "$work" "$rows" "$order" | tee "$work/ours.txt"
ours=$(awk '/^result/ { print $2 }' "$work/ours.txt")

echo "== sqlite3 shell anchor ($rows rows)"
# The same table as ConnectJobs' list (its columns, a NOCASE email index, made unique for the upsert,
# and the customer id index) with the store's settings (WAL, synchronous=FULL).
db="$work/anchor.db"
rm -f "$db" "$db-wal" "$db-shm"
file_cols='EMAIL_ADDRESS_, CUSTOMER_ID_, FIRST_NAME, LAST_NAME, CITY_, POSTAL_CODE_, COUNTRY_, MOBILE_NUMBER_, EMAIL_PERMISSION_STATUS_, LOYALTY_POINTS, SIGNUP_DATE, NOTE'
stage_cols='EMAIL_ADDRESS_ TEXT, CUSTOMER_ID_ TEXT, FIRST_NAME TEXT, LAST_NAME TEXT, CITY_ TEXT, POSTAL_CODE_ TEXT, COUNTRY_ TEXT, MOBILE_NUMBER_ TEXT, EMAIL_PERMISSION_STATUS_ TEXT, LOYALTY_POINTS INTEGER, SIGNUP_DATE TEXT, NOTE TEXT'
sqlite3 "$db" <<SQL >/dev/null
PRAGMA journal_mode=WAL;
CREATE TABLE contacts ("RIID_" INTEGER PRIMARY KEY, "EMAIL_ADDRESS_" TEXT, "CUSTOMER_ID_" TEXT, "MOBILE_NUMBER_" TEXT, "POSTAL_STREET_1_" TEXT, "CITY_" TEXT, "STATE_" TEXT, "POSTAL_CODE_" TEXT, "COUNTRY_" TEXT, "EMAIL_PERMISSION_STATUS_" TEXT, "MOBILE_PERMISSION_STATUS_" TEXT, "EMAIL_FORMAT_" TEXT, "CREATED_DATE_" TEXT, "MODIFIED_DATE_" TEXT, "FIRST_NAME" TEXT, "LAST_NAME" TEXT, "LOYALTY_POINTS" INTEGER, "SIGNUP_DATE" TEXT, "NOTE" TEXT);
CREATE UNIQUE INDEX contacts_email ON contacts(EMAIL_ADDRESS_ COLLATE NOCASE);
CREATE INDEX contacts_customer ON contacts(CUSTOMER_ID_);
CREATE TABLE base ($stage_cols);
.import --csv --skip 1 $work/base-$rows.csv base
INSERT INTO contacts ($file_cols, CREATED_DATE_, MODIFIED_DATE_) SELECT *, '2026-01-01', '2026-01-01' FROM base WHERE true ON CONFLICT DO NOTHING;
DROP TABLE base;
SQL
start=$(date +%s.%N)
sqlite3 "$db" <<SQL
PRAGMA synchronous=FULL;
CREATE TABLE stage ($stage_cols);
.import --csv --skip 1 $work/$incoming stage
INSERT INTO contacts ($file_cols, CREATED_DATE_, MODIFIED_DATE_)
  SELECT *, datetime('now'), datetime('now') FROM stage WHERE true
  ON CONFLICT(EMAIL_ADDRESS_ COLLATE NOCASE) DO UPDATE SET CUSTOMER_ID_ = excluded.CUSTOMER_ID_, FIRST_NAME = excluded.FIRST_NAME, LAST_NAME = excluded.LAST_NAME,
    CITY_ = excluded.CITY_, POSTAL_CODE_ = excluded.POSTAL_CODE_, COUNTRY_ = excluded.COUNTRY_, MOBILE_NUMBER_ = excluded.MOBILE_NUMBER_,
    EMAIL_PERMISSION_STATUS_ = excluded.EMAIL_PERMISSION_STATUS_, LOYALTY_POINTS = excluded.LOYALTY_POINTS, SIGNUP_DATE = excluded.SIGNUP_DATE, NOTE = excluded.NOTE,
    MODIFIED_DATE_ = excluded.MODIFIED_DATE_;
SQL
end=$(date +%s.%N)
anchor=$(awk -v s="$start" -v e="$end" -v n="$rows" 'BEGIN { printf "%.0f", n / (e - s) }')
echo "merge  $rows rows in $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }') s: $anchor rows/s"

echo "== ConnectJobs / sqlite3 ($order order): $(awk -v a="$ours" -v b="$anchor" 'BEGIN { printf "%.2f", a / b }')x (target 1.0x)"
