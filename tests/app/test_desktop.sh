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
echo "desktop app: window, screenshot, click and clean exit OK ($OUT)"
