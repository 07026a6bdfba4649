#!/usr/bin/env bash
# The mapping editor on the desktop (issue #14) under Xvfb, on a cut-down real export no profile knows (Atlanta
# COBRA-2019, tests/fixtures/PROVENANCE.md): 1) read as inferred, the crime type changed to Neighborhood (the
# editor's path, through --choose) and saved: profiles.json in the data folder holds it, no temporary file is
# left; 2) the next start reads the same file with the saved reading (not inferred) and the same types;
# 3) a refused choice is said and the inferred reading stays; 4) a corrupt profiles.json is said at start, names
# the document, and the file is still read (inferred); 5) a month-only file (London) says so and has no hour filter; 6) Houston 2018
# block addresses placed against the open pack as the CLI's --geocode places them.
# Usage: test_reading.sh path/to/crimescope
set -euo pipefail
APP=${1:?usage: test_reading.sh path/to/crimescope}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${OUT_DIR:-$(mktemp -d)}/reading
rm -rf "$OUT"; mkdir -p "$OUT/data"
CSV="$ROOT/tests/fixtures/incidents/atlanta_cobra_2019_dec_sample.csv"
fail() { echo "FAIL: $*"; exit 1; }
run() {   # run NAME ARGS...: the app's last state line into $OUT/NAME.json
  local name=$1; shift
  CRIMESCOPE_DATA_DIR="$OUT/data" xvfb-run -a -s "-screen 0 1280x800x24" "$APP" --size 1280x800 --csv "${FILE:-$CSV}" --frames 40 \
    --print-state "$@" > "$OUT/$name.out" 2> "$OUT/$name.err" || fail "$name: app exited with $? ($(tail -3 "$OUT/$name.err"))"
  grep '^{' "$OUT/$name.out" | tail -1 > "$OUT/$name.json"
}
check() {   # check NAME JS-EXPRESSION-OVER-s MESSAGE
  node -e 'const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    if (!eval(process.argv[2])) { console.log(JSON.stringify(s.reading) + " status=" + s.status); process.exit(1); }' \
    "$OUT/$1.json" "$2" || fail "$1: $3"
}

run first --choose type=Neighborhood --save-reading
check first 's.city === "user" && s.reading.inferred === true && s.reading.edited === true' "the file was not read as inferred, then edited"
check first 's.reading.choices.type === "Neighborhood" && s.reading.types > 4' "the type column did not change (UCR Literal has 4 types in the sample)"
check first 's.reading.saved_note.startsWith("Saved") && s.reading.saved_profiles === 1' "the reading was not saved"
[ -s "$OUT/data/profiles.json" ] || fail "no profiles.json in the data folder"
[ -z "$(ls -A "$OUT/data" | grep -v '^profiles.json$' || true)" ] || fail "stray files in the data folder: $(ls -A "$OUT/data")"
grep -q '"saved:atlanta_cobra_2019_dec_sample"' "$OUT/data/profiles.json" || fail "profiles.json lacks the saved id"
TYPES=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).reading.types)' "$OUT/first.json")

run second
check second 's.reading.profile_id === "saved:atlanta_cobra_2019_dec_sample" && s.reading.inferred === false' "the saved reading was not used"
check second "s.reading.choices.type === 'Neighborhood' && s.reading.types === $TYPES && s.rows === 30" "the saved reading gave other types or rows"

rm -f "$OUT/data/profiles.json"
run refused --choose lat=Beat
check refused 's.reading.error.includes("Beat") && s.reading.error.includes("Latitude") && s.reading.choices.lat === "Latitude" && s.rows === 30' \
  "a latitude column of beat numbers was not refused"

printf '{"format": "crimescope-profiles", "version": 1, "profiles": [{"id": "x"}]}' > "$OUT/data/profiles.json"
run corrupt
check corrupt 's.reading.saved_profiles_error.includes("saved profile 0") && s.reading.inferred === true && s.rows === 30' "a corrupt profiles.json was not said"
# 5) month precision (London's "Month" column): said beside the date filter, no hour filter offered.
FILE="$ROOT/tests/fixtures/incidents/london_city_2020_01_sample.csv" run london
check london 's.months_only === true && s.widgets.months_only && !s.widgets.hours && s.reading.choices.date_format === "%Y-%m"' \
  "a month-only file did not say so (or still offered the hour filter)"
# 6) block addresses without coordinates (Houston 2018) placed against the open pack's geocoder, as the CLI's
#    `ingest FILE --geocode houston` places them.
H="$ROOT/tests/fixtures/incidents/houston_2018_ucr_addresses_sample.csv"
FILE="$H" run houston --pack houston
CLI_LINE=$("$(dirname "$APP")/crimescope-cli" ingest "$H" --geocode houston 2>/dev/null | grep '^geocoded against' || true)
EXPECT=$(echo "$CLI_LINE" | sed -E 's/.*: ([0-9]+) on a recorded block, ([0-9]+) interpolated.*; ([0-9]+) not placed.*/\1 \2 \3/')
[ -n "$CLI_LINE" ] && [ "$EXPECT" != "$CLI_LINE" ] || fail "no geocoding line from crimescope-cli ingest --geocode houston"
read -r EX AP NP <<< "$EXPECT"
check houston "s.city === 'user' && s.reading.geocode && s.reading.geocode.exact === $EX && s.reading.geocode.approximate === $AP && s.reading.geocode.not_placed === $NP && s.rows === $EX + $AP" \
  "the app placed other rows than the CLI ($EXPECT)"
# ... and a re-read from the editor (another type column) is placed against the same pack, not the file's own rows.
FILE="$H" run houston_reread --pack houston --choose type=Premise
check houston_reread "s.reading.edited && s.reading.choices.type === 'Premise' && s.reading.geocode.exact === $EX && s.reading.geocode.approximate === $AP && s.reading.geocode.against === 'Houston'" \
  "a re-read was not placed against the pack"
echo "reading: inferred, type changed to Neighborhood ($TYPES types), saved, used at the next start; refusals and a corrupt document said"
