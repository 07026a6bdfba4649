#!/usr/bin/env bash
# The desktop app opens a `crimescope-cli link train` model (--link-model) on the bundled crimelinkage set under
# Xvfb, and its state's linkage.ranked (the first 50 pairs, no filter) equals `crimescope-cli link rank` with
# the same model: the same pairs, in the same order, with the same probabilities rounded to 1e-4. Without a
# model the app trains with the same recipe as `link train` and ranks the same pairs too.
# Usage: test_link_model.sh path/to/crimescope path/to/crimescope-cli
set -euo pipefail
APP=${1:?usage: test_link_model.sh path/to/crimescope path/to/crimescope-cli}
CLI=${2:?usage: test_link_model.sh path/to/crimescope path/to/crimescope-cli}
HERE=$(cd "$(dirname "$0")" && pwd)
ASSETS="$HERE/../../assets"
OUT=${OUT_DIR:-$(mktemp -d)}
mkdir -p "$OUT"
fail() { echo "FAIL: $*"; exit 1; }

M="$OUT/link_model.json"
"$CLI" --assets "$ASSETS" link train --set crimelinkage -o "$M" > /dev/null || fail "link train"
"$CLI" --assets "$ASSETS" link rank --set crimelinkage --model "$M" --limit 50 > "$OUT/link_rank.json" || fail "link rank"
# No saved decisions or entered cases from an earlier run (they would add cases the CLI does not see).
export CRIMESCOPE_DATA_DIR="$OUT/link_model_userdata"
rm -rf "$CRIMESCOPE_DATA_DIR"
xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --view linkage --link-set crimelinkage --link-model "$M" --frames 120 \
  --print-state > "$OUT/link_model_state.json" 2> "$OUT/link_model_stderr.txt" || fail "app exited with $? ($(cat "$OUT/link_model_stderr.txt"))"
node -e '
  const fs = require("fs");
  const lines = fs.readFileSync(process.argv[1], "utf8").trim().split("\n");
  const s = JSON.parse(lines[lines.length - 1]).linkage;
  const cli = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const want = cli.ranked.map((p) => ({a: p.a, b: p.b, probability: p.probability}));
  if (!s || s.error || s.model !== process.argv[3] || !s.trained || s.ranked_by !== "similarity network") {
    console.log("state:", JSON.stringify(s && {error: s.error, model: s.model, trained: s.trained, ranked_by: s.ranked_by})); process.exit(1);
  }
  if (want.length !== 50 || s.ranked.length !== 50) { console.log("lengths", want.length, s.ranked.length); process.exit(1); }
  for (let i = 0; i < 50; ++i) {
    const g = s.ranked[i], w = want[i];
    if (g.a !== w.a || g.b !== w.b || g.probability !== w.probability) {
      console.log("pair", i, "app", JSON.stringify(g), "cli", JSON.stringify(w)); process.exit(1);
    }
  }
  if (s.pairs !== cli.pairs) { console.log("pairs", s.pairs, cli.pairs); process.exit(1); }' \
  "$OUT/link_model_state.json" "$OUT/link_rank.json" "$M" || fail "the app's ranked pairs differ from link rank"
# Trained in the app (no model): the same recipe as `link train`, so the same 50 pairs as `link rank` above.
rm -rf "$CRIMESCOPE_DATA_DIR"
xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --view linkage --link-set crimelinkage --frames 900 \
  --print-state > "$OUT/link_model_state3.json" 2> "$OUT/link_model_stderr3.txt" || fail "app exited with $? ($(cat "$OUT/link_model_stderr3.txt"))"
node -e '
  const fs = require("fs");
  const lines = fs.readFileSync(process.argv[1], "utf8").trim().split("\n");
  const s = JSON.parse(lines[lines.length - 1]).linkage;
  const cli = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const want = JSON.stringify(cli.ranked.map((p) => ({a: p.a, b: p.b, probability: p.probability})));
  if (!s || !s.trained || s.model !== "" || JSON.stringify(s.ranked) !== want || s.threshold !== cli.threshold) {
    console.log(JSON.stringify(s && {trained: s.trained, model: s.model, threshold: s.threshold, cli_threshold: cli.threshold, first: s.ranked.slice(0, 3)})); process.exit(1);
  }' "$OUT/link_model_state3.json" "$OUT/link_rank.json" || fail "the network trained in the app ranks differently from link train + rank"
# A corrupt model is refused with an error naming the file; the app keeps running.
head -c 200 "$M" > "$OUT/link_model_truncated.json"
xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --view linkage --link-set crimelinkage \
  --link-model "$OUT/link_model_truncated.json" --frames 60 --print-state > "$OUT/link_model_state2.json" 2> "$OUT/link_model_stderr2.txt" ||
  fail "app exited with $? on a truncated model ($(cat "$OUT/link_model_stderr2.txt"))"
grep -q 'model not opened: [^"]*link_model_truncated.json' "$OUT/link_model_state2.json" || fail "truncated model not refused: $(head -c 400 "$OUT/link_model_state2.json")"
echo "desktop app: --link-model ranks the same 50 pairs as link rank, in the same order; so does the network it trains itself; a truncated model is refused ($OUT)"
