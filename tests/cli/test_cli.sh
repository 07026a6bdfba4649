#!/usr/bin/env bash
# CLI golden tests: `crimescope-cli ingest --json` and `info` output compared with tests/cli/golden/.
# Usage: test_cli.sh path/to/crimescope-cli   (UPDATE=1 rewrites the golden files)
set -euo pipefail
CLI=$(realpath "${1:?usage: test_cli.sh path/to/crimescope-cli}")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
G=tests/cli/golden
status=0
check() {   # check NAME COMMAND...
  local name=$1; shift
  local got; got=$("$@" 2>&1) || true
  if [ "${UPDATE:-0}" = 1 ]; then printf '%s\n' "$got" > "$G/$name"; return; fi
  if ! diff -u "$G/$name" <(printf '%s\n' "$got"); then echo "FAIL: $name"; status=1; else echo "ok: $name"; fi
}
check ingest_bad_rows.json "$CLI" ingest tests/fixtures/bad/houston_bad_rows.csv --json
check ingest_vancouver.txt "$CLI" ingest tests/fixtures/incidents/vancouver_sample.csv
# Issue #14: no shipped profile matches these exports: the profile is inferred (one note per choice).
check profile_infer_atlanta.json "$CLI" profile infer tests/fixtures/incidents/atlanta_cobra_2019_dec_sample.csv
check ingest_inferred_sf.json "$CLI" ingest tests/fixtures/incidents/sf_incident_reports_2018_12_sample.csv --json
check ingest_inferred_london.txt "$CLI" ingest tests/fixtures/incidents/london_city_2020_01_sample.csv
check info_houston.txt "$CLI" info assets/packs/houston.cspack
check corrupt_pack.txt "$CLI" info tests/fixtures/bad/corrupt.cspack
check score_houston.json "$CLI" score --pack houston --lat 29.7604 --lon -95.3698 --json
check score_outside.json "$CLI" score --pack houston --lat 33.12 --lon -98.71 --json   # ~490 km away: covered false, exit 0
check score_chicago.txt "$CLI" score --pack chicago --lat 41.8781 --lon -87.6298 --today 2026-12-01   # every crime, 12 months: no year before
check score_chicago_assaults.txt "$CLI" score --pack chicago_assaults --lat 41.8781 --lon -87.6298 --today 2026-12-01   # the sentence; about the same
check score_chicago_assaults_es.txt "$CLI" score --pack chicago_assaults --lat 41.8781 --lon -87.6298 --today 2026-12-01 --lang es   # in Spanish, caveats too
check score_chicago_assaults_r1000.txt "$CLI" score --pack chicago_assaults --lat 41.95 --lon -87.65 --radius 1000 --today 2026-12-01   # up, larger than chance
check score_bad_date.txt "$CLI" score --pack houston --lat 29.7604 --lon -95.3698 --as-of 2010-13-01
# A place outside the pack's area is an answer, not an error: exit status 0.
if "$CLI" score --pack houston --lat 33.12 --lon -98.71 > /dev/null; then echo "ok: score outside coverage exits 0"; else echo "FAIL: score outside coverage exits 0"; status=1; fi
check missing_file.txt "$CLI" ingest tests/fixtures/does_not_exist.csv
# Issue #14 "Results out": `export` with the map's filter semantics (days inclusive, hours [H1, H2), a box, types)
# to CSV / GeoJSON; a pack by id or by path; a CSV read as `ingest` reads it, whose export re-imports through the
# crimescope_export profile with every row kept; bad arguments exit 2 and name close types.
X=$(mktemp -d)
check export_chicago_assaults_filtered.txt sh -c "'$CLI' export --pack chicago_assaults --from 2019-06-01 --to 2019-06-30 --hours 18-24 \
  --types 'aggravated assault' --bbox 41.86,-87.66,41.90,-87.62 --format csv -o '$X/c.csv' | sed 's|$X/||'; cat '$X/c.csv'"
check export_los_angeles_head.geojson sh -c "'$CLI' export --pack assets/packs/los_angeles.cspack --from 2021-05-01 --hours 0-6 \
  --types '\"ASSAULT WITH DEADLY WEAPON, AGGRAVATED ASSAULT\",robbery' --format geojson -o '$X/la.geojson' | sed 's|$X/||'; head -n 3 '$X/la.geojson'"
check export_csv_reimport.txt sh -c "'$CLI' export --csv tests/fixtures/incidents/houston_sample.csv --profile houston --types robbery,burglary \
  --format csv -o '$X/h.csv' 2>&1 | sed 's|$X/||'; '$CLI' ingest '$X/h.csv' | sed 's|$X/||'"
check export_bad_types.txt sh -c "'$CLI' export --pack houston --types theft,burglery,Robery --format csv -o '$X/bad.csv'; echo \"exit status \$?\"; ls '$X/bad.csv' 2>&1 | sed 's|$X/||'"
check export_bad_args.txt sh -c "for a in '--pack houston --hours 20-6 --format csv' '--pack houston --from 2010-02-30 --format csv' \
  '--pack houston --bbox 29,-95,30 --format csv' '--pack nowhere --format csv' '--pack houston --format shp' \
  '--csv tests/fixtures/incidents/houston_sample.csv --profile nowhere --format csv' '--pack houston --profile houston --format csv' \
  '--pack houston --csv tests/fixtures/incidents/houston_sample.csv --format csv'; do
  '$CLI' export \$a -o '$X/b.csv' 2>&1; echo \"exit status \$?\"; done; '$CLI' export --pack houston --format csv; echo \"exit status \$?\""
# --pack ID_OR_FILE is one rule for every subcommand: by id and by path, `info` and `score` print the same.
if diff <("$CLI" info houston 2>&1) <("$CLI" info assets/packs/houston.cspack 2>&1) > /dev/null &&
   diff <("$CLI" score --pack houston --lat 29.7604 --lon -95.3698 --json 2>&1) \
        <("$CLI" score --pack ./assets/packs/houston.cspack --lat 29.7604 --lon -95.3698 --json 2>&1) > /dev/null &&
   "$CLI" info houston | grep -q "^Houston (houston)"; then
  echo "ok: packs by id or path"
else
  echo "FAIL: packs by id or path"; status=1
fi
rm -rf "$X"
# link train + rank on the bundled crimelinkage set: JSON with the requested number of pairs, sorted, with reasons.
T=$(mktemp -d)
if "$CLI" link train --set crimelinkage -o "$T/model.json" > /dev/null &&
   "$CLI" link rank --set crimelinkage --model "$T/model.json" --limit 5 > "$T/rank.json" &&
   node -e '
     const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
     const p = r.ranked.map((x) => x.probability);
     if (r.ranked.length !== 5 || p.some((v, i) => i && v > p[i - 1]) || !("distance" in r.ranked[0].feature_similarity)) process.exit(1);
     if (!(r.above_threshold > 0 && r.above_threshold < r.pairs)) process.exit(1);' "$T/rank.json"; then
  echo "ok: link train + rank"
else
  echo "FAIL: link train + rank"; status=1
fi
# A case set with bad rows: they are skipped and reported with file:line:field on stderr. The three cases left
# that are solved form one series, so there is no unlinked pair to train on: a clear error, exit 1, no model.
if ! "$CLI" link train --set robbery --dir tests/fixtures/linkage/robbery -o "$T/robbery.json" 2> "$T/err.txt" > /dev/null &&
   grep -q "7 rows read, 4 kept, 3 skipped" "$T/err.txt" && grep -q "cases.csv:5:date_time: not a date" "$T/err.txt" &&
   grep -q "3 of them linked: training needs both linked and unlinked pairs" "$T/err.txt" && [ ! -e "$T/robbery.json" ]; then
  echo "ok: link skips bad case rows"
else
  echo "FAIL: link skips bad case rows"; cat "$T/err.txt"; status=1
fi
# The same CSV without its schema: the columns are read by name (and said), the same rows skipped.
if ! "$CLI" link eval --dir tests/fixtures/linkage/robbery/cases.csv 2> "$T/err.txt" > /dev/null &&
   grep -q "schema: series (ground truth): series" "$T/err.txt" && grep -q "schema: location: x_m / y_m" "$T/err.txt" &&
   grep -q "7 rows read, 4 kept, 3 skipped" "$T/err.txt"; then
  echo "ok: link reads a CSV without a schema"
else
  echo "FAIL: link reads a CSV without a schema"; cat "$T/err.txt"; status=1
fi
# link eval with --repeats and --in-sample (pairs within 60 days, to keep it short): the first repeat is the
# fold assignment of the main table, the spread has one AUC per repeat, and the in-sample figures name every method.
if "$CLI" link eval --set crimelinkage --window 60 --repeats 2 --in-sample --json > "$T/eval.json" &&
   node -e '
     const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
     const names = r.methods.map((m) => m.method);
     if (names.length !== 5 || r.repeats.methods.length !== 5 || r.in_sample.methods.length !== 5) process.exit(1);
     r.repeats.methods.forEach((m, i) => {
       if (m.method !== names[i] || m.auc_pooled.length !== 2 || m.auc_fold_mean.length !== 2) process.exit(1);
       if (m.auc_pooled[0] !== r.methods[i].auc_pooled || m.auc_fold_mean[0] !== r.methods[i].auc_fold_mean) process.exit(1);
       if (m.auc_pooled[1] === m.auc_pooled[0] && i >= 2) process.exit(1);   // another assignment, other fitted models
     });
     r.in_sample.methods.forEach((m, i) => { if (m.method !== names[i] || !(m.auc > 0.5 && m.auc <= 1)) process.exit(1); });' "$T/eval.json"; then
  echo "ok: link eval --repeats --in-sample"
else
  echo "FAIL: link eval --repeats --in-sample"; status=1
fi
rm -rf "$T"
exit $status
