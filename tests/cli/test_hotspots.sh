#!/usr/bin/env bash
# test_hotspots.sh: `crimescope-cli hotspots kde|gistar|emerging` (issue #19) on the chicago_assaults pack: each
# --json output parses and its counts agree (cells = features, class counts sum to cells, significant = the
# cells of the significant classes, incidents > 0), the text summary prints, and bad options exit 2 naming the
# option. Usage: test_hotspots.sh CLI SOURCE_DIR
set -u
CLI="$1"
SRC="$2"
ASSETS="$SRC/assets"
PY=/usr/bin/python3
[ -f "$ASSETS/packs/chicago_assaults.cspack" ] || { echo "SKIP: no chicago_assaults pack"; exit 77; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0

for m in kde gistar emerging; do
    if ! "$CLI" --assets "$ASSETS" hotspots "$m" --pack chicago_assaults --json >"$TMP/$m.json" 2>"$TMP/$m.err"; then
        echo "FAIL: hotspots $m exited non-zero: $(cat "$TMP/$m.err")"; fail=1; continue
    fi
    if ! "$PY" -c '
import json, sys
m = sys.argv[1]
j = json.load(open(sys.argv[2]))
assert j["layer"] == m, j["layer"]
assert j["source"] == "chicago_assaults", j["source"]
assert j["incidents"] > 1000, j["incidents"]
assert j["cells"] == len(j["features"]) > 0, (j["cells"], len(j["features"]))
counts = {c["name"]: c["count"] for c in j["classes"]}
assert sum(counts.values()) == j["cells"], (sum(counts.values()), j["cells"])
per = {}
for f in j["features"]:
    per[f["class"]] = per.get(f["class"], 0) + 1
assert all(per.get(k, 0) == v for k, v in counts.items()), (per, counts)
if m == "kde":
    sig = sum(v for k, v in counts.items() if k.startswith("hotspot"))
    assert sig <= j["cells"] * 0.05 + 1, sig
    assert any("ArcGIS Pro" in n for n in j["notes"]), j["notes"]
elif m == "gistar":
    sig = sum(v for k, v in counts.items() if k != "not significant")
else:
    sig = j["cells"] - counts["no pattern detected"]
    assert len(j["classes"]) == 17 and j["months"] >= 2, (len(j["classes"]), j.get("months"))
assert sig == j["significant"], (sig, j["significant"])
assert j["significant"] > 0, "no significant cells"
print(m, "cells", j["cells"], "significant", j["significant"], "incidents", j["incidents"])
' "$m" "$TMP/$m.json"; then
        echo "FAIL: hotspots $m JSON check"; fail=1
    fi
done

# The text summary of a small filtered window.
if ! "$CLI" --assets "$ASSETS" hotspots gistar --pack chicago_assaults --neighbour-m 300 >"$TMP/text.out" 2>&1 ||
   ! grep -q "study-area cells" "$TMP/text.out" || ! grep -q "hot spot (99%)" "$TMP/text.out"; then
    echo "FAIL: text summary"; cat "$TMP/text.out"; fail=1
fi

# Bad arguments: exit 2, the message names the option.
bad() {
    local want="$1"; shift
    "$CLI" --assets "$ASSETS" hotspots "$@" >"$TMP/bad.out" 2>"$TMP/bad.err"
    local rc=$?
    if [ "$rc" -ne 2 ] || ! grep -q -- "$want" "$TMP/bad.err"; then
        echo "FAIL: hotspots $* -> rc $rc (want 2), stderr: $(cat "$TMP/bad.err")"; fail=1
    fi
}
bad "--cell-m" kde --pack chicago_assaults --cell-m abc
bad "--bandwidth-m" kde --pack chicago_assaults --bandwidth-m 100000
bad "method" hotspot --pack chicago_assaults
bad "--area-share" kde --pack chicago_assaults --area-share 2

[ "$fail" -eq 0 ] && echo "hotspots: all checks passed"
exit "$fail"
