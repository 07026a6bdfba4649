#!/usr/bin/env bash
# Issue #19: `near-repeat` and `concentration` on a small real selection (Chicago aggravated assaults, summer 2019):
# the JSON parses and is consistent (the observed counts add up to every pair and to the in-band pairs, shares
# and the Lorenz curve rise), the same seed gives the same bytes twice, the text tables print, and bad options
# exit 2 naming the option.
# Usage: test_near_repeat.sh path/to/crimescope-cli [repo root]
set -euo pipefail
CLI=$(realpath "${1:?usage: test_near_repeat.sh path/to/crimescope-cli [repo root]}")
ROOT=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$ROOT"
PY=/usr/bin/python3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
SEL=(--pack chicago_assaults --from 2019-06-01 --to 2019-08-31)
status=0
fail() { echo "FAIL: $*"; status=1; }

"$CLI" --assets assets near-repeat "${SEL[@]}" --permutations 49 --seed 7 --json > "$TMP/nr1.json"
"$CLI" --assets assets near-repeat "${SEL[@]}" --permutations 49 --seed 7 --json > "$TMP/nr2.json"
cmp -s "$TMP/nr1.json" "$TMP/nr2.json" && echo "ok: near-repeat, same seed, same output" || fail "near-repeat output differs under one seed"
"$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
p = j["parameters"]
S, T = p["space_bands"], p["time_bands"]
assert p["permutations"] == 49 and p["seed"] == 7 and S == 5 and T == 5, p
cells = j["cells"]
assert len(cells) == (S + 1) * (T + 1), len(cells)
n = j["incidents"]
assert n > 1000 and j["capped"] is False and j["left_out_by_cap"] == 0, (n, j["capped"])
assert j["pairs_total"] == n * (n - 1) // 2
assert sum(c["observed"] for c in cells) == j["pairs_total"]
assert sum(c["observed"] for c in cells if c["space_band"] < S and c["time_band"] < T) == j["pairs_in_bands"]
assert sum(c["observed"] for c in cells if c["space_band"] < S) == j["pairs_near"]
assert abs(sum(c["expected"] for c in cells) - j["pairs_total"]) < 1e-6 * j["pairs_total"]
for c in cells:
    assert 1 / 50 - 1e-12 <= c["p"] <= 1, c
    assert c["significant"] == (c["p"] <= 0.05), c
    if c["expected"] > 0: assert abs(c["ratio"] - c["observed"] / c["expected"]) < 1e-9, c
    else: assert c["ratio"] is None, c
assert j["space_bands_m"][1] == [100, 200] and j["space_bands_m"][S][1] is None
assert j["time_bands_days"][1] == [7, 14]
print("ok: near-repeat JSON consistent:", n, "incidents,", j["pairs_in_bands"], "pairs in bands, ratio 0-100 m x 0-7 d %.2f p %.2f" % (cells[0]["ratio"], cells[0]["p"]))
' "$TMP/nr1.json" || fail "near-repeat JSON"

# The cap: the 500 most recent of the selection.
"$CLI" --assets assets near-repeat "${SEL[@]}" --permutations 9 --max-incidents 500 --json > "$TMP/cap.json"
"$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["capped"] is True and j["incidents"] == 500 and j["left_out_by_cap"] == j["selected"] - 500 - j["without_position"], j
assert j["last_day"] == "2019-08-31" or j["last_day"] <= "2019-08-31"
print("ok: near-repeat cap: 500 kept, %d left out, first day %s" % (j["left_out_by_cap"], j["first_day"]))
' "$TMP/cap.json" || fail "near-repeat cap"

"$CLI" --assets assets near-repeat "${SEL[@]}" --permutations 19 > "$TMP/nr.txt"
grep -q "Knox ratio" "$TMP/nr.txt" && grep -q "0-100 m" "$TMP/nr.txt" && grep -q "500+ m" "$TMP/nr.txt" \
  && echo "ok: near-repeat text table" || fail "near-repeat text: $(head -5 "$TMP/nr.txt")"

"$CLI" --assets assets concentration "${SEL[@]}" --json > "$TMP/c1.json"
"$CLI" --assets assets concentration "${SEL[@]}" --json > "$TMP/c2.json"
cmp -s "$TMP/c1.json" "$TMP/c2.json" && echo "ok: concentration deterministic" || fail "concentration output differs"
"$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["cell_m"] == 150 and j["crimes"] > 1000 and j["places"] >= j["places_with_crime"] > 0, j
top = [t["crime_share"] for t in j["top"]]
assert [t["place_share"] for t in j["top"]] == [0.01, 0.05, 0.1, 0.2]
assert all(a <= b for a, b in zip(top, top[1:])) and 0 < top[0] and top[-1] <= 1, top
lz = j["lorenz"]
assert lz[0]["crime_share"] == 0 and abs(lz[-1]["crime_share"] - 1) < 1e-12
assert all(a["crime_share"] <= b["crime_share"] + 1e-15 for a, b in zip(lz, lz[1:]))
# concave: each step adds no more than the one before
steps = [b["crime_share"] - a["crime_share"] for a, b in zip(lz, lz[1:])]
assert all(a + 1e-12 >= b for a, b in zip(steps, steps[1:])), steps
assert 0 < j["places_for_50"] <= j["places_for_80"] <= 1 and 0 < j["gini"] < 1
# 20% of places hold top[3] of crime: 80% of crime needs more than 20% of places exactly when top[3] < 0.8
assert (j["places_for_80"] > 0.2) == (top[3] < 0.8)
print("ok: concentration JSON consistent: %d places, top 5%% hold %.1f%%, 80%% of crime in %.1f%% of places, Gini %.3f"
      % (j["places"], 100 * top[1], 100 * j["places_for_80"], j["gini"]))
' "$TMP/c1.json" || fail "concentration JSON"
"$CLI" --assets assets concentration "${SEL[@]}" > "$TMP/c.txt"
grep -q "Gini" "$TMP/c.txt" && grep -q "Lorenz" "$TMP/c.txt" && echo "ok: concentration text" || fail "concentration text"

bad() {   # bad OPTION ARGS...: exit 2 and the message names OPTION
  local opt=$1; shift
  local rc=0
  "$CLI" --assets assets "$@" > "$TMP/bad.out" 2> "$TMP/bad.err" || rc=$?
  if [ "$rc" = 2 ] && grep -q -- "$opt" "$TMP/bad.err"; then echo "ok: $* -> exit 2 ($(head -1 "$TMP/bad.err"))"
  else fail "$* -> exit $rc: $(cat "$TMP/bad.err")"; fi
}
bad --permutations near-repeat "${SEL[@]}" --permutations 1000
bad --space-band-m near-repeat "${SEL[@]}" --space-band-m abc
bad --max-incidents near-repeat "${SEL[@]}" --max-incidents 50001
bad --cell-m concentration "${SEL[@]}" --cell-m -5
exit $status
