#!/usr/bin/env bash
# Dense data drawn as density and the app's timings (issue #15), under Xvfb. On the bundled every-crime Chicago
# pack (263k incidents): `--bench-app` prints open_ms, recount_ms, heat_ms and frame_ms and the state carries
# `timings` and `density` {on, bins, total}, with total = the filtered count; density is on at city zoom, off
# once the mouse wheel zooms to a few blocks, off when forced to points; New York's 24k shootings stay points
# unless density is forced. Figures are printed, never compared with a time. Usage: test_density.sh APP
set -euo pipefail
APP=${1:?usage: test_density.sh path/to/crimescope}
OUT=${OUT_DIR:-$(mktemp -d)}/density
mkdir -p "$OUT"
fail() { echo "FAIL: $*"; exit 1; }
state() { grep '^{' "$1" | tail -1; }   # the state JSON is the last line of stdout that is an object
# check NAME JS: node evaluates JS with `s` = the state of NAME; prints the density and timings on failure.
check() {
  node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const ok = (new Function("s", "return (" + process.argv[2] + ");"))(s);
    if (!ok) { console.log(JSON.stringify({visible: s.visible, density: s.density, timings: s.timings, camera: s.camera})); process.exit(1); }' \
    "$OUT/$1.json" "$2"
}
run() {   # run NAME ARGS...: the app for 40 frames (or --bench-app), its state in NAME.json
  local name=$1; shift
  xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --print-state "$@" > "$OUT/$name.txt" 2> "$OUT/$name.err" \
    || fail "$name: app exited with $? ($(tail -3 "$OUT/$name.err"))"
  state "$OUT/$name.txt" > "$OUT/$name.json"
}

# 1. --bench-app on Chicago: the four figures printed and in the state; density on at city zoom, its bins
#    summing to the filtered count.
run bench --pack chicago --bench-app
for k in open_ms recount_ms heat_ms frame_ms; do
  grep -Eq "^$k [0-9]+(\.[0-9]+)? " "$OUT/bench.txt" || fail "--bench-app did not print $k: $(grep -v '^{' "$OUT/bench.txt")"
done
check bench 's.city === "chicago" && s.rows > 200000 && s.density && s.timings &&
  ["on", "bins", "total"].every((k) => k in s.density) && ["open_ms", "recount_ms", "heat_ms", "frame_ms"].every((k) => s.timings[k] > 0) &&
  s.density.total === s.visible && s.visible === s.rows && s.density.on === true && s.density.bins > 100 && s.density.mode === "auto"' \
  || fail "bench state: density or timings missing, or density off at city zoom"
grep -v '^{' "$OUT/bench.txt"

# 2. Forced to points: density off, the bins still counted (the state's total stays the filtered count).
run points --pack chicago --density points --frames 40
check points 's.density.on === false && s.density.mode === "points" && s.density.total === s.visible && s.visible > 0' \
  || fail "--density points"

# 3. Zoomed in with the mouse wheel to a few blocks of the Loop: points again (automatic), same total.
xvfb-run -a -s "-screen 0 1280x800x24" sh -c "
  '$APP' --pack chicago --size 1280x800 --seconds 14 --print-state > '$OUT/zoom.txt' 2> '$OUT/zoom.err' & P=\$!
  sleep 7
  xdotool mousemove 820 300
  for i in \$(seq 18); do xdotool click 4; sleep 0.05; done
  wait \$P" || fail "zoom: app exited with an error ($(tail -3 "$OUT/zoom.err"))"
state "$OUT/zoom.txt" > "$OUT/zoom.json"
check zoom 's.camera.m_per_css_px <= 5' || fail "zoom: the wheel did not zoom to street level (slow start?)"
check zoom 's.density.on === false && s.density.total === s.visible && s.density.in_view < s.visible' \
  || fail "zoom: density still on at street zoom"

# 4. New York's 24,506 shootings: points at city zoom; --density density forces the layer.
run nyc --pack new_york --frames 40
check nyc 's.density.on === false && s.density.total === s.visible && s.visible === 24506' || fail "new_york: density on for a sparse pack"
run nyc_forced --pack new_york --density density --frames 40 --screenshot "$OUT/nyc_density.png"
check nyc_forced 's.density.on === true && s.density.total === 24506 && s.density.bins > 0' || fail "--density density"
if xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --density sometimes --frames 1 > /dev/null 2> "$OUT/bad.err"; then fail "--density sometimes accepted"; fi
grep -q -- "--density: expected auto, points or density" "$OUT/bad.err" || fail "bad --density value: $(cat "$OUT/bad.err")"
echo "desktop app: density on at city zoom (Chicago), points when zoomed in or forced, timings published ($OUT)"
