#!/usr/bin/env bash
# test_forecast_grid.sh (issue #19): `forecast eval`'s table keeps its contract (rows "default (chosen on
# validation)" and "mean of last 12 months"; columns MAE RMSE STRMSE hit@5% PAI@5% first, then PEI@5%) on the
# grid of the chicago_assaults pack, and `forecast grid --json` prints the "forecast_grid" layer whose hotspot
# set is 5% of the study area and whose class counts add up. Usage: test_forecast_grid.sh CLI SOURCE_DIR
set -u
CLI="$1"
SRC="$2"
ASSETS="$SRC/assets"
PY=/usr/bin/python3
[ -f "$ASSETS/packs/chicago_assaults.cspack" ] || { echo "SKIP: no chicago_assaults pack"; exit 77; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0

if ! "$CLI" --assets "$ASSETS" forecast eval --source chicago_assaults --grid 150 --from 2018-01-01 >"$TMP/eval.txt" 2>"$TMP/eval.err"; then
    echo "FAIL: forecast eval --grid exited non-zero: $(cat "$TMP/eval.err")"; fail=1
else
    header=$(grep -m1 -E '^  method ' "$TMP/eval.txt" | tr -s ' ')
    case "$header" in
        " method MAE RMSE STRMSE hit@5% PAI@5% PEI@5%"*) ;;
        *) echo "FAIL: table header: '$header'"; fail=1 ;;
    esac
    for row in "default (chosen on validation)" "mean of last 12 months"; do
        grep -q "^  $row " "$TMP/eval.txt" || { echo "FAIL: no row '$row'"; fail=1; }
    done
fi

if ! "$CLI" --assets "$ASSETS" forecast grid --pack chicago_assaults --from 2018-01-01 --json --cells >"$TMP/grid.json" 2>"$TMP/grid.err"; then
    echo "FAIL: forecast grid exited non-zero: $(cat "$TMP/grid.err")"; fail=1
elif ! "$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["layer"] == "forecast_grid", j["layer"]
assert j["month"] == "2020-01", j["month"]
assert j["cells"] == len(j["features"]) > 0
counts = {c["name"]: c["count"] for c in j["classes"]}
assert sum(counts.values()) == j["cells"], counts
assert counts["top 5% of area"] == j["significant"] > 0, (counts, j["significant"])
' "$TMP/grid.json"; then
    echo "FAIL: forecast grid --json"; fail=1
fi

if "$CLI" --assets "$ASSETS" forecast eval --source cdmx --grid 150 >/dev/null 2>"$TMP/bad.err"; then
    echo "FAIL: --grid with --source cdmx (counts, no points) did not fail"; fail=1
fi
[ $fail = 0 ] && echo "PASS"
exit $fail
