#!/usr/bin/env bash
# bench_vs_pandas.sh: issue #15's ingest and pack targets, measured in one run.
#   The five Chicago all-types files (1,253,468 rows) joined into one gzip file (zcat of all five, one header;
#   written under build/bench/, never committed), then, best wall time of REPS runs and peak memory
#   (/usr/bin/time, the whole process):
#     zcat JOINED | wc -l                         the plain decompress-and-count baseline
#     crimescope-cli ingest JOINED.csv.gz         target: >= 3x faster than pandas, <= 2x zcat | wc -l, <= 400 MB
#     python3-pandas read_csv + to_datetime       the comparison (Debian's python3-pandas)
#     crimescope-cli pack --csv F1 .. --csv F5    target: <= 7x the decompress-and-count of the five files
# Usage: scripts/bench_vs_pandas.sh [crimescope-cli] [folder of the five files]
# Exit 77 (skipped) when the data is absent; pandas is skipped (reported) when python3-pandas is missing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLI=${1:-$ROOT/build/native-release/crimescope-cli}
DATA=${2:-$ROOT/../shared/data/incidents/chicago/all_types}
OUT=${BENCH_DIR:-$ROOT/build/bench}
REPS=${REPS:-3}
PANDAS_PY=${PANDAS_PY:-/usr/bin/python3}   # Debian's python3 (python3-pandas), not a pyenv shim
NAMES=(crimes_2014.csv.gz crimes_2015.csv.gz crimes_2016.csv.gz crimes_2017.csv.gz crimes_2018-01_2018-08.csv.gz)
FILES=()
for n in "${NAMES[@]}"; do
  [ -f "$DATA/$n" ] || { echo "SKIPPED: $DATA/$n not present"; exit 77; }
  FILES+=("$DATA/$n")
done
[ -x "$CLI" ] || { echo "error: $CLI is not built" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is missing (Debian package time)" >&2; exit 2; }
mkdir -p "$OUT"
JOINED=$OUT/chicago_all_types_2014_2018.csv.gz
if [ ! -s "$JOINED" ]; then
  echo "joining the five files into $JOINED ..."
  ( zcat "${FILES[0]}"; for f in "${FILES[@]:1}"; do zcat "$f" | tail -n +2; done ) | gzip -6 > "$JOINED.tmp"
  mv "$JOINED.tmp" "$JOINED"
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# measure LABEL CMD...: best wall seconds of REPS runs -> $TMP/LABEL.s, the largest peak RSS (MB) -> $TMP/LABEL.mb
measure() {
  local label=$1; shift
  local best="" peak=0
  for ((i = 0; i < REPS; i++)); do
    /usr/bin/time -f "%e %M" -o "$TMP/t" "$@" > "$TMP/$label.out" 2> "$TMP/$label.err" || { cat "$TMP/$label.err" >&2; return 1; }
    read -r wall kb < <(tail -n 1 "$TMP/t")
    best=$(python3 -c "print(min(float('$wall'), float('${best:-1e9}')))")
    peak=$(( kb / 1024 > peak ? kb / 1024 : peak ))
  done
  echo "$best" > "$TMP/$label.s"
  echo "$peak" > "$TMP/$label.mb"
}

echo "machine: $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MB; best of $REPS; load average $(cut -d' ' -f1-3 /proc/loadavg)"
measure zcat bash -c "zcat '$JOINED' | wc -l"
measure ingest "$CLI" --assets "$ROOT/assets" ingest "$JOINED"
HAVE_PANDAS=1
"$PANDAS_PY" -c "import pandas" 2>/dev/null || HAVE_PANDAS=0
if [ $HAVE_PANDAS = 1 ]; then
  measure pandas "$PANDAS_PY" -c "import sys, pandas as pd
d = pd.read_csv(sys.argv[1])
pd.to_datetime(d['Date'], format='%m/%d/%Y %I:%M:%S %p')" "$JOINED"
fi
CSV_ARGS=()
for f in "${FILES[@]}"; do CSV_ARGS+=(--csv "$f"); done
measure zcat5 bash -c "zcat ${FILES[*]} | wc -l"
measure pack "$CLI" --assets "$ROOT/assets" pack --id chicago_bench --profile chicago_portal "${CSV_ARGS[@]}" -o "$TMP/bench.cspack"
PACK_BYTES=$(stat -c %s "$TMP/bench.cspack")
PACK_ROWS=$("$CLI" --assets "$ROOT/assets" info "$TMP/bench.cspack" 2>/dev/null | grep -o '[0-9,]* incidents' | head -1 | tr -d ', incidents' || true)

r() { cat "$TMP/$1.$2"; }
ratio() { python3 -c "print(f'{float(\"$1\") / float(\"$2\"):.2f}')"; }
echo
grep -h "rows read" "$TMP/ingest.out" | head -1
printf "%-44s %8s %9s\n" "step (1,253,468 rows, 20 columns)" "wall s" "peak MB"
printf "%-44s %8s %9s\n" "zcat JOINED | wc -l" "$(r zcat s)" "$(r zcat mb)"
printf "%-44s %8s %9s\n" "crimescope-cli ingest JOINED (whole process)" "$(r ingest s)" "$(r ingest mb)"
if [ $HAVE_PANDAS = 1 ]; then
  printf "%-44s %8s %9s\n" "pandas read_csv + to_datetime" "$(r pandas s)" "$(r pandas mb)"
else
  echo "pandas: SKIPPED (apt-get install python3-pandas)"
fi
printf "%-44s %8s %9s\n" "zcat F1..F5 | wc -l" "$(r zcat5 s)" "$(r zcat5 mb)"
printf "%-44s %8s %9s\n" "crimescope-cli pack --csv F1..F5" "$(r pack s)" "$(r pack mb)"
echo
echo "ingest / zcat|wc -l : $(ratio "$(r ingest s)" "$(r zcat s)")x   (target <= 2)"
[ $HAVE_PANDAS = 1 ] && echo "pandas / ingest     : $(ratio "$(r pandas s)" "$(r ingest s)")x   (target >= 3)"
echo "ingest peak         : $(r ingest mb) MB   (target <= 400)"
echo "pack / zcat|wc -l   : $(ratio "$(r pack s)" "$(r zcat5 s)")x   (target <= 7)"
if [ -n "${PACK_ROWS:-}" ]; then
  echo "pack size           : $PACK_BYTES bytes, $(python3 -c "print(f'{$PACK_BYTES / $PACK_ROWS:.1f}')") bytes per incident ($PACK_ROWS incidents)"
else
  echo "pack size           : $PACK_BYTES bytes"
fi
