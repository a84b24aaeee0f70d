#!/usr/bin/env bash
# Issue 3's import benchmark: a generated contact file (12 columns, quoted commas and line breaks,
# non-ASCII names, ~1 % bad addresses) merged into a list that already holds as many records, half
# of the incoming rows matching on EMAIL_ADDRESS_; and, as the anchor in the same run, the sqlite3
# shell doing the same merge itself (.import into a staging table, one INSERT ... SELECT ...
# ON CONFLICT(EMAIL_ADDRESS_) DO UPDATE into a table with a unique index).
# Usage: bench/import.sh [rows]   (default 1000000; needs sqlite3: apt-get install sqlite3)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
work=bench/work/import
mkdir -p "$work"
dotnet build bench/ImportBench -c Release -v quiet -nologo -o bench/work/ImportBench >/dev/null

echo "== ConnectJobs ($rows rows)"
/usr/bin/time -f "process peak RSS %M KB" dotnet bench/work/ImportBench/ImportBench.dll "$work" "$rows" | tee "$work/ours.txt"
ours=$(awk '/^result/ { print $2 }' "$work/ours.txt")

echo "== sqlite3 shell anchor ($rows rows)"
db="$work/anchor.db"
rm -f "$db"
cols='EMAIL_ADDRESS_ TEXT, CUSTOMER_ID_ TEXT, FIRST_NAME TEXT, LAST_NAME TEXT, CITY_ TEXT, POSTAL_CODE_ TEXT, COUNTRY_ TEXT, MOBILE_NUMBER_ TEXT, EMAIL_PERMISSION_STATUS_ TEXT, LOYALTY_POINTS INTEGER, SIGNUP_DATE TEXT, NOTE TEXT'
sqlite3 "$db" <<SQL
PRAGMA journal_mode=WAL;
CREATE TABLE contacts (RIID_ INTEGER PRIMARY KEY, $cols);
CREATE UNIQUE INDEX contacts_email ON contacts(EMAIL_ADDRESS_);
CREATE TABLE base ($cols);
.import --csv --skip 1 $work/base-$rows.csv base
INSERT INTO contacts (EMAIL_ADDRESS_, CUSTOMER_ID_, FIRST_NAME, LAST_NAME, CITY_, POSTAL_CODE_, COUNTRY_, MOBILE_NUMBER_, EMAIL_PERMISSION_STATUS_, LOYALTY_POINTS, SIGNUP_DATE, NOTE)
  SELECT * FROM base WHERE true ON CONFLICT(EMAIL_ADDRESS_) DO NOTHING;
DROP TABLE base;
SQL
start=$(date +%s.%N)
sqlite3 "$db" <<SQL
CREATE TABLE stage ($cols);
.import --csv --skip 1 $work/incoming-$rows.csv stage
INSERT INTO contacts (EMAIL_ADDRESS_, CUSTOMER_ID_, FIRST_NAME, LAST_NAME, CITY_, POSTAL_CODE_, COUNTRY_, MOBILE_NUMBER_, EMAIL_PERMISSION_STATUS_, LOYALTY_POINTS, SIGNUP_DATE, NOTE)
  SELECT * FROM stage WHERE true
  ON CONFLICT(EMAIL_ADDRESS_) DO UPDATE SET CUSTOMER_ID_ = excluded.CUSTOMER_ID_, FIRST_NAME = excluded.FIRST_NAME, LAST_NAME = excluded.LAST_NAME,
    CITY_ = excluded.CITY_, POSTAL_CODE_ = excluded.POSTAL_CODE_, COUNTRY_ = excluded.COUNTRY_, MOBILE_NUMBER_ = excluded.MOBILE_NUMBER_,
    EMAIL_PERMISSION_STATUS_ = excluded.EMAIL_PERMISSION_STATUS_, LOYALTY_POINTS = excluded.LOYALTY_POINTS, SIGNUP_DATE = excluded.SIGNUP_DATE, NOTE = excluded.NOTE;
SQL
end=$(date +%s.%N)
anchor=$(awk -v s="$start" -v e="$end" -v n="$rows" 'BEGIN { printf "%.0f", n / (e - s) }')
echo "merge  $rows rows in $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }') s: $anchor rows/s"

echo "== ConnectJobs / sqlite3: $(awk -v a="$ours" -v b="$anchor" 'BEGIN { printf "%.2f", a / b }')x (target 2.0x)"
