#!/usr/bin/env bash
# The Hotspots view (issue #19) in the desktop app under Xvfb: each analysis opened from the command line
# (--hotspots, as a link's ?hotspots=) runs as a job over the map's filtered incidents, and the state's `hotspots`
# {layer, cells, significant} shows its result; the grid layers are drawn on the map (a screenshot whose pixels
# differ from the map without them). The app's Gi* and KDE equal `crimescope-cli hotspots ... --json` on the same
# pack (one core workflow). Usage: test_hotspots.sh APP CLI
set -euo pipefail
APP=${1:?usage: test_hotspots.sh path/to/crimescope path/to/crimescope-cli}
CLI=${2:?usage: test_hotspots.sh path/to/crimescope path/to/crimescope-cli}
OUT=${OUT_DIR:-$(mktemp -d)}/hotspots
mkdir -p "$OUT"
fail() { echo "FAIL: $*"; exit 1; }
state() { grep '^{' "$1" | tail -1; }
check() {   # check NAME JS: `s` = the state of NAME, `c` = NAME's CLI JSON when there is one
  node -e '
    const fs = require("fs");
    const s = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const c = fs.existsSync(process.argv[3]) ? JSON.parse(fs.readFileSync(process.argv[3], "utf8")) : null;
    const ok = (new Function("s", "c", "return (" + process.argv[2] + ");"))(s, c);
    if (!ok) { console.log(JSON.stringify({hotspots: s.hotspots, cli: c && {cells: c.cells, significant: c.significant}})); process.exit(1); }' \
    "$OUT/$1.json" "$2" "$OUT/$1.cli.json"
}
run() {   # run NAME ARGS...: the app for 20 frames (and until its analysis is done), state in NAME.json
  local name=$1; shift
  xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --frames 20 --print-state "$@" > "$OUT/$name.txt" 2> "$OUT/$name.err" \
    || fail "$name: app exited with $? ($(tail -3 "$OUT/$name.err"))"
  state "$OUT/$name.txt" > "$OUT/$name.json"
}

# 1. Gi* on the Chicago assaults pack: the app's hot spots are the CLI's, cell for cell counts.
"$CLI" hotspots gistar --pack chicago_assaults --json > "$OUT/gistar.cli.json" || fail "cli hotspots gistar"
run gistar --pack chicago_assaults --hotspots gistar --screenshot "$OUT/gistar.png"
check gistar 's.hotspots.layer === "gistar" && s.hotspots.busy === false && s.hotspots.error === "" &&
  s.hotspots.cells > 1000 && s.hotspots.significant > 0 && s.hotspots.incidents === s.visible &&
  s.hotspots.cells === c.cells && s.hotspots.significant === c.significant' || fail "gistar: app and CLI differ, or no hot spots"

# 2. The map with the Gi* layer against the map without it, compared only where neither has a window (right of
#    the Hotspots window, between the score window and the legend): the hot spots' cells are drawn on the map.
run plain --pack chicago_assaults --screenshot "$OUT/plain.png"
convert "$OUT/gistar.png" -crop 400x400+865+240 +repage "$OUT/gistar_map.png"
convert "$OUT/plain.png" -crop 400x400+865+240 +repage "$OUT/plain_map.png"
diff_px=$(compare -metric AE "$OUT/gistar_map.png" "$OUT/plain_map.png" null: 2>&1 || true)
diff_px=$(node -e 'console.log(Math.round(parseFloat(process.argv[1])) || 0)' "${diff_px%% *}")
[ "$diff_px" -gt 5000 ] || fail "the Gi* layer changed only ${diff_px} pixels of the map"

# 3. KDE on Houston: the hotspot set (top 5% of the study area's cells), the CLI's too.
"$CLI" hotspots kde --pack houston --json > "$OUT/kde.cli.json" || fail "cli hotspots kde"
run kde --pack houston --hotspots kde
check kde 's.hotspots.layer === "kde" && s.hotspots.significant > 0 && s.hotspots.cells === c.cells &&
  s.hotspots.significant === c.significant && s.hotspots.significant <= Math.ceil(0.05 * s.hotspots.cells) + 1' || fail "kde"

# 4. Emerging hot spots on the every-crime Chicago pack (12 months).
run emerging --pack chicago --hotspots emerging
check emerging 's.hotspots.layer === "emerging" && s.hotspots.cells > 1000 && Object.keys(s.hotspots.classes).length >= 2' || fail "emerging"

# 5. Near repeats on New York's shootings, and concentration on Houston.
run near --pack new_york --hotspots near_repeat
check near 's.hotspots.layer === "near_repeat" && s.hotspots.near_repeat.incidents > 1000 && s.hotspots.near_repeat.first_band_p > 0' || fail "near repeat"
run conc --pack houston --hotspots concentration
check conc 's.hotspots.layer === "concentration" && s.hotspots.concentration.gini > 0 && s.hotspots.concentration.gini < 1 &&
  s.hotspots.concentration.places_for_80 > 0 && s.hotspots.concentration.places_for_80 < 0.8' || fail "concentration"

# 6. Next month's hotspot set on the grid (the forecast of core's grid_forecast) on the 12-month Chicago pack:
#    the CLI's `forecast grid` flags the same number of cells.
"$CLI" forecast grid --pack chicago --json > "$OUT/fgrid.cli.json" || fail "cli forecast grid"
run fgrid --pack chicago --hotspots forecast_grid
check fgrid 's.hotspots.layer === "forecast_grid" && s.hotspots.significant > 100 && s.hotspots.significant === c.significant' || fail "forecast grid"

# 7. A bad analysis name is refused with a message, before a window opens.
if "$APP" --hotspots hexbins --frames 1 > /dev/null 2> "$OUT/bad.err"; then fail "--hotspots hexbins accepted"; fi
grep -q "not a hotspot analysis" "$OUT/bad.err" || fail "bad --hotspots: $(cat "$OUT/bad.err")"
for n in gistar kde emerging near conc fgrid; do node -e 'const s=require(process.argv[1]).hotspots; console.log(process.argv[2], JSON.stringify({layer: s.layer, cells: s.cells, significant: s.significant, incidents: s.incidents, ms: s.compute_ms}))' "$OUT/$n.json" "$n"; done
echo "desktop app: the Hotspots view's six analyses ran as jobs and matched the CLI ($OUT)"
