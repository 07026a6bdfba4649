#!/usr/bin/env bash
# Issue #14: Houston's 2018 exports have block addresses and no coordinates; `ingest --geocode houston` places
# them against the 2010 Houston pack's block addresses. Prints the share placed per file (exactly on a
# recorded block, by interpolation along a street's blocks, not at all) and fails below 85% overall.
# Exit 77 (CTest: skipped) when ../shared/data is absent.
set -uo pipefail
CLI=${1:?usage: test_geocode_houston_2018.sh CLI ROOT}
ROOT=${2:?usage: test_geocode_houston_2018.sh CLI ROOT}
DATA="$ROOT/../shared/data/incidents/houston"
files=("$DATA/hpd_2018_jan-may_ucr.csv.gz" "$DATA/hpd_2018_jun-dec_nibrs.csv.gz")
for f in "${files[@]}"; do [ -f "$f" ] || { echo "SKIPPED: $f not found (shared data absent)"; exit 77; }; done
total=0; placed=0
for f in "${files[@]}"; do
  json=$("$CLI" --assets "$ROOT/assets" ingest "$f" --geocode houston --json) || { echo "FAIL: ingest --geocode $f"; exit 1; }
  read -r e a n < <(printf '%s' "$json" | /usr/bin/python3 -c 'import json,sys; g=json.load(sys.stdin)["geocoded"]; print(g["exact"], g["interpolated"], g["not_placed"])')
  t=$((e + a + n)); total=$((total + t)); placed=$((placed + e + a))
  echo "$(basename "$f"): $((e + a)) of $t rows placed ($(awk "BEGIN{printf \"%.1f\", 100*($e+$a)/$t}")%): $e on a recorded block, $a interpolated, $n not placed"
done
share=$(awk "BEGIN{printf \"%.1f\", 100*$placed/$total}")
echo "Houston 2018 against the 2010 pack: $placed of $total rows placed ($share%)"
awk "BEGIN{exit !($placed >= 0.85*$total)}" || { echo "FAIL: below 85%"; exit 1; }
