#!/usr/bin/env bash
# Results out from the desktop app (issue #14) under Xvfb: the filtered incidents as CSV and GeoJSON, the score
# card as JSON and PNG, the forecast table as CSV and the map as PNG, written into the data folder's exports/.
# Checks: the CSV has the state's visible count of rows and re-imports through `crimescope-cli ingest` with every
# row kept; the GeoJSON is a FeatureCollection of as many Points; the card JSON's count equals `crimescope-cli
# score` at the same place; the map PNG is the window's size and not blank; the card PNG is the card window's
# size; the forecast CSV has its header and rows; the pattern memberships and the classifier's metrics (Houston)
# have their headers, each pattern once, and the state's accuracy; no temporary file is left behind. (The map's filter itself is
# core's data/export select_rows, tested in tests/core/data/test_export.cpp.)
# Usage: test_export.sh path/to/crimescope path/to/crimescope-cli
set -euo pipefail
APP=${1:?usage: test_export.sh path/to/crimescope path/to/crimescope-cli}
CLI=${2:?usage: test_export.sh path/to/crimescope path/to/crimescope-cli}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT_DIR:-$(mktemp -d)}/export
rm -rf "$OUT"; mkdir -p "$OUT/data"
fail() { echo "FAIL: $*"; exit 1; }
state() { grep '^{' "$1" | tail -1; }
PACK=chicago_assaults LAT=41.8781 LON=-87.6298   # ten years: the forecast view has a table
CRIMESCOPE_DATA_DIR="$OUT/data" xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --pack $PACK \
  --lat $LAT --lon $LON --view forecast --frames 90 --print-state \
  --export incidents.csv --export incidents.geojson --export card.json --export card.png --export forecast.csv --export map.png \
  > "$OUT/stdout.txt" 2> "$OUT/stderr.txt" || fail "app exited with $? ($(tail -3 "$OUT/stderr.txt"))"
state "$OUT/stdout.txt" > "$OUT/state.json"
E="$OUT/data/exports"
for f in incidents.csv incidents.geojson card.json card.png forecast.csv map.png; do
  [ -s "$E/$PACK-$f" ] || fail "$PACK-$f not written ($(grep -h export "$OUT/stdout.txt" "$OUT/stderr.txt" | head -8))"
done
[ -z "$(ls -A "$E" | grep -v "^$PACK-")" ] || fail "stray files in exports/: $(ls -A "$E")"   # no temp files left
node --input-type=module -e '
  import fs from "node:fs";
  import { decodePng } from "'"$HERE"'/../web/helpers.mjs";
  const [stateFile, dir, pack] = process.argv.slice(1);
  const s = JSON.parse(fs.readFileSync(stateFile, "utf8"));
  const bad = (m) => { console.log("FAIL: " + m); process.exit(1); };
  const exp = Object.fromEntries(s.exports.map((e) => [e.what, e]));
  for (const k of ["incidents.csv", "incidents.geojson", "card.json", "card.png", "forecast.csv", "map.png"])
    if (!exp[k] || exp[k].error) bad(`${k}: ${JSON.stringify(exp[k])}`);
  const csv = fs.readFileSync(dir + "/" + pack + "-incidents.csv", "utf8").trimEnd().split("\n");
  if (csv.length - 1 !== s.visible) bad(`CSV has ${csv.length - 1} rows, the map shows ${s.visible}`);
  if (!csv[0].startsWith("date,time,lat,lon")) bad("CSV header " + csv[0]);
  const gj = JSON.parse(fs.readFileSync(dir + "/" + pack + "-incidents.geojson", "utf8"));
  if (gj.type !== "FeatureCollection" || gj.features.length !== s.visible || gj.features[0].geometry.type !== "Point")
    bad(`GeoJSON: ${gj.type}, ${gj.features.length} features`);
  const card = JSON.parse(fs.readFileSync(dir + "/" + pack + "-card.json", "utf8"));
  if (!card.covered || card.count !== s.score.count || !card.words || !card.words.headline.includes(String(card.count))) bad("card " + JSON.stringify(card).slice(0, 300));
  const fc = fs.readFileSync(dir + "/" + pack + "-forecast.csv", "utf8").trimEnd().split("\n");
  if (fc[0] !== "family,unit,month,forecast,paper_F,last_month,change,observed,forecaster" || fc.length < 10) bad("forecast CSV " + fc.slice(0, 3).join(" | "));
  const map = decodePng(fs.readFileSync(dir + "/" + pack + "-map.png"));
  if (map.width !== 1280 || map.height !== 800) bad(`map PNG ${map.width}x${map.height}, window 1280x800`);
  const cw = s.windows.find((x) => x.name === "Crime score");
  const cp = decodePng(fs.readFileSync(dir + "/" + pack + "-card.png"));
  if (!cw || Math.abs(cp.width - cw.w) > 2 || Math.abs(cp.height - cw.h) > 2) bad(`card PNG ${cp.width}x${cp.height}, window ${JSON.stringify(cw)}`);
  console.log(`exports: ${s.visible} incidents (CSV, GeoJSON), card ${card.count} crimes, forecast ${fc.length - 1} rows, map ${map.width}x${map.height}, card ${cp.width}x${cp.height}`);
' "$OUT/state.json" "$E" "$PACK" || fail "exports do not match the app's state"
node "$HERE/check_png.mjs" "$E/$PACK-map.png" > /dev/null || fail "map PNG is blank"
node "$HERE/check_png.mjs" "$E/$PACK-card.png" > /dev/null || fail "card PNG is blank"
# The card's numbers are the CLI's at the same place.
[ "$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).count)' "$E/$PACK-card.json")" = \
  "$("$CLI" score --pack $PACK --lat $LAT --lon $LON --json | node -e 'let t="";process.stdin.on("data",d=>t+=d).on("end",()=>console.log(JSON.parse(t).count))')" ] \
  || fail "card JSON count differs from crimescope-cli score"
# The CSV re-imports (the crimescope_export profile) with every row kept.
"$CLI" ingest "$E/$PACK-incidents.csv" --json > "$OUT/reimport.json" || fail "re-import failed"
node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); const s=JSON.parse(require("fs").readFileSync(process.argv[2],"utf8"));
  if (r.rows_kept !== s.visible) { console.log("kept", r.rows_kept, "of", s.visible); process.exit(1); }' "$OUT/reimport.json" "$OUT/state.json" \
  || fail "the exported CSV does not re-import whole"
# The pattern view's memberships and the classifier's batch metrics (Houston): every incident with a pattern is
# counted once, each row's class is one of the classes or blank; the metrics' accuracy is the state's.
CRIMESCOPE_DATA_DIR="$OUT/data" xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --pack houston --view patterns \
  --frames 60 --print-state --export patterns.csv > "$OUT/pat.txt" 2> "$OUT/pat.err" || fail "patterns run exited with $?"
CRIMESCOPE_DATA_DIR="$OUT/data" xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --pack houston --view classify \
  --classify-model houston --classify-check --frames 60 --print-state --export classify.csv > "$OUT/cls.txt" 2> "$OUT/cls.err" || fail "classify run exited with $?"
state "$OUT/pat.txt" > "$OUT/pat.json"
state "$OUT/cls.txt" > "$OUT/cls.json"
node -e '
  const fs = require("fs");
  const [dir, patState, clsState] = process.argv.slice(1);
  const bad = (m) => { console.log("FAIL: " + m); process.exit(1); };
  const p = fs.readFileSync(dir + "/houston-patterns.csv", "utf8").trimEnd().split("\n");
  const head = p[0].split(",");
  if (head.slice(0, 4).join(",") !== "time quadrant,month,beat,incidents" || head[head.length - 1] !== "class") bad("patterns header " + p[0]);
  const classes = head.filter((h) => h.startsWith("S(")).map((h) => h.slice(2, -1));
  let n = 0;
  const seen = new Set();
  for (const line of p.slice(1)) {
    const f = line.split(",");
    const key = f.slice(0, 3).join(",");
    if (seen.has(key)) bad("pattern twice: " + key);
    seen.add(key);
    n += Number(f[3]);
    if (f[f.length - 1] !== "" && !classes.includes(f[f.length - 1])) bad("class " + f[f.length - 1]);
  }
  const ps = JSON.parse(fs.readFileSync(patState, "utf8"));
  if (!(n <= ps.rows && n > 0.9 * ps.rows)) bad(`patterns count ${n} of ${ps.rows} incidents`);
  const c = fs.readFileSync(dir + "/houston-classify.csv", "utf8").trimEnd().split("\n");
  const cs = JSON.parse(fs.readFileSync(clsState, "utf8"));
  const acc = c.find((l) => l.startsWith("accuracy,")).split(",");
  if (Math.abs(Number(acc[3]) - cs.classify.batch.accuracy) > 1e-12 || Number(acc[4]) !== cs.classify.batch.labelled) bad("classify " + acc + " vs " + JSON.stringify(cs.classify.batch));
  console.log(`patterns: ${p.length - 1} patterns over ${n} incidents; classifier: accuracy ${acc[3]} over ${acc[4]} records`);
' "$OUT/data/exports" "$OUT/pat.json" "$OUT/cls.json" || fail "patterns / classifier CSV"
# "Save as" (desktop): a real click on Export's "Incidents CSV" opens the app's own folder browser in exports/;
# a typed name and Enter write the file there, atomically, with the map's rows.
CRIMESCOPE_DATA_DIR="$OUT/saveas" xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --frames 30 --print-state \
  > "$OUT/sa1.txt" 2> "$OUT/sa1.err" || fail "save as: first run exited with $?"
read -r X Y < <(state "$OUT/sa1.txt" | node -e 'let t="";process.stdin.on("data",d=>t+=d).on("end",()=>{
  const r=JSON.parse(t).widgets["export:incidents.csv"]; console.log(Math.round(r[0]+r[2]/2), Math.round(r[1]+r[3]/2))})')
CRIMESCOPE_DATA_DIR="$OUT/saveas" xvfb-run -a -s "-screen 0 1280x800x24" sh -c "
  '$APP' --size 1280x800 --seconds 9 --print-state > '$OUT/sa2.txt' 2> '$OUT/sa2.err' & P=\$!
  sleep 4
  xdotool mousemove $X $Y click 1
  sleep 1
  xdotool key ctrl+a
  xdotool type 'my_houston.csv'
  xdotool key Return
  wait \$P" || fail "save as: app exited with an error"
[ -s "$OUT/saveas/exports/my_houston.csv" ] || fail "save as: my_houston.csv not written ($(ls "$OUT/saveas/exports" 2>&1))"
[ -z "$(ls -A "$OUT/saveas/exports" | grep -v '^my_houston.csv$' || true)" ] || fail "save as: stray files $(ls -A "$OUT/saveas/exports")"
node -e 'const fs=require("fs"); const s=JSON.parse(fs.readFileSync(0,"utf8")); const n=fs.readFileSync(process.argv[1],"utf8").trimEnd().split("\n").length-1;
  if (n !== s.visible) { console.log("rows", n, "visible", s.visible); process.exit(1); }' "$OUT/saveas/exports/my_houston.csv" < <(state "$OUT/sa2.txt") \
  || fail "save as: the file has other rows than the map"
echo "desktop app: incidents, card, forecast, patterns, classifier and map exported and checked; Save as wrote my_houston.csv ($OUT)"
