#!/usr/bin/env bash
# The desktop app opens a .cspack by path (issue #14: `--pack FILE.cspack`), not only the bundled ids, under
# Xvfb: a copy of the Vancouver pack in a folder of its own is drawn with its incidents and keeps its id; a
# corrupt pack by path is an error on the status line, not a crash; a path that does not exist and an unknown
# id are clear errors. Usage: test_pack_by_path.sh path/to/crimescope
set -euo pipefail
APP=${1:?usage: test_pack_by_path.sh path/to/crimescope}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT_DIR:-$(mktemp -d)}/pack_by_path
mkdir -p "$OUT/elsewhere"
fail() { echo "FAIL: $*"; exit 1; }
state() { grep '^{' "$1" | tail -1; }   # the state JSON is the last line of stdout that is an object

# 1. A pack file outside assets/, by path: drawn (not blank), the pack's own id and all of its rows.
cp "$HERE/../../assets/packs/vancouver.cspack" "$OUT/elsewhere/my copy.cspack"
xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --pack "$OUT/elsewhere/my copy.cspack" --frames 60 \
  --screenshot "$OUT/pack_by_path.png" --print-state > "$OUT/state1.txt" 2> "$OUT/stderr1.txt" \
  || fail "app exited with $? ($(tail -3 "$OUT/stderr1.txt"))"
state "$OUT/state1.txt" > "$OUT/state1.json"
node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  if (s.city !== "vancouver" || s.rows !== 28880 || s.visible !== 28880 || s.status) { console.log(JSON.stringify({city: s.city, rows: s.rows, visible: s.visible, status: s.status})); process.exit(1); }' \
  "$OUT/state1.json" || fail "the pack by path was not opened with its 28880 incidents"
node "$HERE/check_png.mjs" "$OUT/pack_by_path.png" || fail "screenshot is blank"

# 2. A corrupt pack by path: the app runs on, the status line says what is wrong with the file.
xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --pack "$HERE/../fixtures/bad/corrupt.cspack" --frames 20 \
  --print-state > "$OUT/state2.txt" 2> "$OUT/stderr2.txt" || fail "corrupt pack: app exited with $? ($(tail -3 "$OUT/stderr2.txt"))"
state "$OUT/state2.txt" | grep -q 'corrupt.cspack: truncated: header says 124108 bytes, file has 62054' \
  || fail "corrupt pack not reported: $(state "$OUT/state2.txt" | head -c 400)"

# 3. A path that does not exist: exit 2 before a window opens, naming the file.
if "$APP" --pack "$OUT/nowhere/none.cspack" --frames 1 > /dev/null 2> "$OUT/stderr3.txt"; then fail "a missing pack file was accepted"; fi
grep -q "error: --pack: cannot open $OUT/nowhere/none.cspack" "$OUT/stderr3.txt" || fail "missing file: $(cat "$OUT/stderr3.txt")"

# 4. An unknown id: the status says so and how to give a file.
xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --pack chicgo --frames 20 --print-state \
  > "$OUT/state4.txt" 2> "$OUT/stderr4.txt" || fail "unknown id: app exited with $? ($(tail -3 "$OUT/stderr4.txt"))"
state "$OUT/state4.txt" | grep -q "no pack 'chicgo' in packs.json (a pack file is opened by its path" \
  || fail "unknown id not reported: $(state "$OUT/state4.txt" | head -c 400)"
# 5. A pack opened like a CSV ("Load...", a drop, --csv): opened as a city, not read as a CSV.
xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --csv "$OUT/elsewhere/my copy.cspack" --frames 40 --print-state \
  > "$OUT/state5.txt" 2> "$OUT/stderr5.txt" || fail "pack as a file: app exited with $? ($(tail -3 "$OUT/stderr5.txt"))"
state "$OUT/state5.txt" | grep -q '"city":"vancouver"' || fail "a .cspack opened as a file was not opened as a pack: $(state "$OUT/state5.txt" | head -c 300)"
echo "desktop app: a .cspack opened by path (28880 incidents drawn), corrupt / missing / unknown packs reported ($OUT)"
