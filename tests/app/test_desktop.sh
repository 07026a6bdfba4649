#!/usr/bin/env bash
# Desktop app in a real window under Xvfb: starts on the demo pack, draws a non-blank map, reacts to a real
# mouse click (xdotool) on a filter, and exits cleanly. Usage: test_desktop.sh path/to/crimescope
set -euo pipefail
APP=${1:?usage: test_desktop.sh path/to/crimescope}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT_DIR:-$(mktemp -d)}
mkdir -p "$OUT"
fail() { echo "FAIL: $*"; exit 1; }

# 1. Start, screenshot after 60 frames, exit 0.
xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --frames 60 --screenshot "$OUT/desktop_houston.png" \
  --print-state > "$OUT/state1.json" 2> "$OUT/stderr1.txt" || fail "app exited with $? ($(cat "$OUT/stderr1.txt"))"
grep -q '"city":"houston"' "$OUT/state1.json" || fail "not on the Houston pack: $(cat "$OUT/state1.json")"
grep -q '"visible":75162' "$OUT/state1.json" || fail "expected 75162 visible incidents"
node "$HERE/check_png.mjs" "$OUT/desktop_houston.png" || fail "screenshot is blank"

# 2. A real click on the "theft" checkbox (position published by the app in state1) hides 40,537 thefts.
read -r X Y < <(node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const r = s.widgets["cat:theft"]; console.log(Math.round(r[0] + r[2] / 2), Math.round(r[1] + r[3] / 2));' "$OUT/state1.json")
xvfb-run -a -s "-screen 0 1280x800x24" sh -c "
  '$APP' --size 1280x800 --seconds 6 --print-state > '$OUT/state2.json' 2> '$OUT/stderr2.txt' & P=\$!
  sleep 3
  xdotool mousemove $X $Y click 1
  wait \$P" || fail "app exited with an error after the click ($(cat "$OUT/stderr2.txt"))"
grep -q '"visible":34625' "$OUT/state2.json" || fail "click did not filter thefts: $(head -c 300 "$OUT/state2.json")"
# 3. The linkage workspace on crimelinkage: trains, ranks the top 4%, and the analyst's data goes to a file in
#    CRIMESCOPE_DATA_DIR (nothing saved yet: no decisions).
export CRIMESCOPE_DATA_DIR="$OUT/userdata"
xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --view linkage --link-set crimelinkage --frames 600 \
  --print-state > "$OUT/state3.json" 2> "$OUT/stderr3.txt" || fail "linkage: app exited with $? ($(cat "$OUT/stderr3.txt"))"
node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).linkage;
  if (!s || !s.trained || s.cases !== 360 || s.shown !== Math.ceil(0.04 * s.pairs) || s.error) { console.log(JSON.stringify(s)); process.exit(1); }' \
  "$OUT/state3.json" || fail "linkage view did not train and rank"
# 4. The classifier on its 200 reference records with native ONNX Runtime (the browser test does the same).
xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --view classify --classify-model lapd --classify-check --frames 60 \
  --print-state > "$OUT/state4.json" 2> "$OUT/stderr4.txt" || fail "classify: app exited with $? ($(cat "$OUT/stderr4.txt"))"
node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).classify;
  if (!s || !s.batch || s.batch.n !== 200 || !(s.batch.max_abs_diff < 5e-5) || !s.probabilities) { console.log(JSON.stringify(s)); process.exit(1); }' \
  "$OUT/state4.json" || fail "classify view did not reproduce the reference records"
# 5. The analyst's own CSV without a schema (real Chicago rows, lat/lon): the columns read by name, ranked by the
#    expert weighting (no series column), every case drawn on the city map beside the docked window.
xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --pack chicago --view linkage \
  --link-set "$HERE/../fixtures/incidents/chicago_portal_sample.csv" --frames 120 --screenshot "$OUT/desktop_linkage_map.png" \
  --print-state > "$OUT/state5.json" 2> "$OUT/stderr5.txt" || fail "own linkage CSV: app exited with $? ($(cat "$OUT/stderr5.txt"))"
node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).linkage;
  if (!s || !s.own || s.coordinates !== "latlon" || s.cases < 100 || s.drawn_on_map !== s.cases || s.rows_skipped < 2 ||
      s.ranked_by !== "expert weighting" || s.shown !== Math.ceil(0.04 * s.pairs) || s.error) { console.log(JSON.stringify(s)); process.exit(1); }' \
  "$OUT/state5.json" || fail "own CSV not opened and drawn on the map"
node "$HERE/check_png.mjs" "$OUT/desktop_linkage_map.png" || fail "screenshot is blank"
# 6. The citizen's page in a phone-sized window (issue #13): the phone layout, windows over at most 25% of the
#    map, text >= 16 px and targets >= 44 px, a linked place centred at about 1 km across with the card in
#    Spanish, a place 400 km away not covered, and the user's own GeoJSON layer (--layer) listed.
xvfb-run -a -s "-screen 0 1280x900x24" "$APP" --size 390x844 --lat 29.7604 --lon -95.3698 --lang es \
  --layer "$HERE/../fixtures/layers/manhattan_ways_first40.geojson" --frames 60 --screenshot "$OUT/phone_houston.png" \
  --print-state > "$OUT/state6.json" 2> "$OUT/stderr6.txt" || fail "phone: app exited with $? ($(cat "$OUT/stderr6.txt"))"
node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").pop());
  const area = s.windows.reduce((a, w) => a + w.w * w.h, 0) / (s.camera.css_w * s.camera.css_h);
  const across = s.camera.m_per_css_px * s.camera.css_w;
  const ok = s.layout === "phone" && s.lang === "es" && area <= 0.25 && s.ui.font_css_px >= 16 && s.ui.min_target_css_px >= 44 &&
    s.score && s.score.covered === true && /delitos denunciados/.test(s.score.text) && across > 600 && across < 1500 &&
    s.base_layers.some((l) => l.kind === "user" && l.features > 0);
  if (!ok) { console.log(JSON.stringify({layout: s.layout, lang: s.lang, area, ui: s.ui, across, score: s.score, layers: s.base_layers})); process.exit(1); }' \
  "$OUT/state6.json" || fail "phone layout"
node "$HERE/check_png.mjs" "$OUT/phone_houston.png" || fail "phone screenshot is blank"
xvfb-run -a -s "-screen 0 1280x900x24" "$APP" --size 390x844 --lat 29.7604 --lon -91.23 --frames 30 \
  --print-state > "$OUT/state7.json" 2> "$OUT/stderr7.txt" || fail "phone outside: app exited with $? ($(cat "$OUT/stderr7.txt"))"
grep -q '"covered":false' "$OUT/state7.json" || fail "a place 400 km away is covered: $(head -c 300 "$OUT/state7.json")"
echo "desktop app: window, screenshot, click, linkage (bundled and own CSV on the map), classifier, phone layout and clean exit OK ($OUT)"
