#!/usr/bin/env bash
# Streets, places and the user's own layer on the desktop map (issue #13), under Xvfb. Each kind of line is
# drawn in its own flat colour (src/app/map/map_renderer.cpp), so counting that colour's pixels in a screenshot
# says whether it was drawn: major streets at city zoom, minor streets and street labels only at street zoom,
# a user's GeoJSON layer (a real Manhattan OSM excerpt) in its own colour. Usage: test_base_layers.sh APP
set -euo pipefail
APP=${1:?usage: test_base_layers.sh path/to/crimescope}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT_DIR:-$(mktemp -d)}
mkdir -p "$OUT"
fail() { echo "FAIL: $*"; exit 1; }
# Colours as blended over the map background (0.09, 0.10, 0.12); see kMinorStreet / kMajorStreet / kUserLine.
MINOR=60,67,83; MAJOR=106,99,86; USER=71,145,168; MINOR_LABEL=160,166,178
LAYER="$HERE/../fixtures/layers/manhattan_ways_first40.geojson"
run() {   # run NAME ARGS...: screenshot NAME.png and state NAME.json after 60 frames
  local name=$1; shift
  xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --frames 60 --screenshot "$OUT/$name.png" \
    --print-state "$@" > "$OUT/$name.txt" 2> "$OUT/$name.err" || fail "$name: app exited with $? ($(tail -3 "$OUT/$name.err"))"
  grep '^{' "$OUT/$name.txt" | tail -1 > "$OUT/$name.json"
}
count() { MASK="${1%.png}.json" node "$HERE/count_colour.mjs" "$@"; }   # the map only, not the windows

# 1. New York at city zoom: the Manhattan OSM streets are in the state (named > 100), major streets drawn,
#    minor streets and street labels not.
run nyc_city --pack new_york
node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const st = (s.base_layers || []).find((l) => l.kind === "streets");
  if (!st || !(st.named > 100)) { console.log(JSON.stringify(s.base_layers)); process.exit(1); }' "$OUT/nyc_city.json" \
  || fail "no named street layer in the New York state"
count "$OUT/nyc_city.png" $MAJOR 5 300 || fail "major streets not drawn at city zoom"
count "$OUT/nyc_city.png" $MINOR 5 0 150 || fail "minor streets drawn at city zoom"

# 2. Street zoom on the Upper West Side: a scored place (--lat/--lon), zoomed with the mouse wheel about its marker
#    until the camera is under 3 m per CSS px. Minor streets, major streets and street labels all drawn.
LAT=40.7855 LON=-73.982
zoom_run() {   # zoom_run NAME ARGS...: as run, after zooming to street level about (LAT, LON)
  local name=$1; shift
  run "${name}_pre" --pack new_york --lat $LAT --lon $LON "$@"
  read -r X Y N < <(node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).camera;
    const merc = (lat, lon) => [(lon + 180) / 360, (1 - Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360)) / Math.PI) / 2];
    const [px, py] = merc(+process.argv[2], +process.argv[3]), [cx, cy] = merc(s.lat_deg, s.lon_deg);
    const unit_m = 2 * Math.PI * 6378137 * Math.cos(s.lat_deg * Math.PI / 180), css_per_unit = unit_m / s.m_per_css_px;
    const clicks = Math.max(0, Math.ceil(Math.log(s.m_per_css_px / 1.5) / Math.log(1.2)));
    console.log(Math.round(s.css_w / 2 + (px - cx) * css_per_unit), Math.round(s.css_h / 2 + (py - cy) * css_per_unit), clicks);' \
    "$OUT/${name}_pre.json" $LAT $LON)
  xvfb-run -a -s "-screen 0 1280x800x24" sh -c "
    '$APP' --pack new_york --lat $LAT --lon $LON $* --size 1280x800 --seconds 8 --screenshot '$OUT/$name.png' \
      --print-state > '$OUT/$name.txt' 2> '$OUT/$name.err' & P=\$!
    sleep 3
    xdotool mousemove $X $Y
    for i in \$(seq $N); do xdotool click 4; sleep 0.05; done
    wait \$P" || fail "$name: app exited with an error ($(tail -3 "$OUT/$name.err"))"
  grep '^{' "$OUT/$name.txt" | tail -1 > "$OUT/$name.json"
  node -e '
    const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).camera;
    if (!(c.m_per_css_px <= 3)) { console.log(JSON.stringify(c)); process.exit(1); }' "$OUT/$name.json" \
    || fail "$name: not at street zoom after the wheel"
}
zoom_run nyc_street
count "$OUT/nyc_street.png" $MINOR 5 2000 || fail "minor streets not drawn at street zoom"
count "$OUT/nyc_street.png" $MAJOR 5 1000 || fail "major streets not drawn at street zoom"
count "$OUT/nyc_street.png" $MINOR_LABEL 4 100 || fail "no street labels at street zoom"
count "$OUT/nyc_city.png" $MINOR_LABEL 4 0 40 || fail "street labels drawn at city zoom"

# 3. The user's own layer (--layer, as a drop does): listed as kind "user", drawn in its own colour.
zoom_run nyc_user --layer "$LAYER"
node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const u = (s.base_layers || []).find((l) => l.kind === "user");
  if (!u || u.features !== 40 || !(u.named >= 19)) { console.log(JSON.stringify(s.base_layers)); process.exit(1); }' "$OUT/nyc_user.json" \
  || fail "the user layer is not in the state"
count "$OUT/nyc_user.png" $USER 6 300 || fail "the user layer is not drawn"
count "$OUT/nyc_street.png" $USER 6 0 20 || fail "user-layer colour drawn without a user layer"

# 4. A file that is not a GeoJSON layer is refused with its name: --layer at start exits with the error, or the
#    app runs on with it in `status` and no user layer listed.
BAD="$HERE/../fixtures/incidents/houston_sample.csv"
if xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --frames 30 --print-state --pack new_york --layer "$BAD" \
     > "$OUT/bad_layer.txt" 2> "$OUT/bad_layer.err"; then
  grep '^{' "$OUT/bad_layer.txt" | tail -1 > "$OUT/bad_layer.json"
  node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    if ((s.base_layers || []).some((l) => l.kind === "user") || !String(s.status).includes("houston_sample.csv")) {
      console.log(s.status, JSON.stringify(s.base_layers)); process.exit(1); }' "$OUT/bad_layer.json" \
    || fail "a bad layer file was not refused with its name"
else
  grep -q "houston_sample.csv" "$OUT/bad_layer.err" || fail "a bad layer file failed without naming it: $(cat "$OUT/bad_layer.err")"
fi
echo "base layers: streets by zoom, labels, user layer and a refused file OK ($OUT)"
