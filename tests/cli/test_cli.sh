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
check score_chicago.txt "$CLI" score --pack chicago --lat 41.8781 --lon -87.6298          # the sentence; about the same
check score_chicago_r1000.txt "$CLI" score --pack chicago --lat 41.95 --lon -87.65 --radius 1000   # up, larger than chance
check score_bad_date.txt "$CLI" score --pack houston --lat 29.7604 --lon -95.3698 --as-of 2010-13-01
# A place outside the pack's area is an answer, not an error: exit status 0.
if "$CLI" score --pack houston --lat 33.12 --lon -98.71 > /dev/null; then echo "ok: score outside coverage exits 0"; else echo "FAIL: score outside coverage exits 0"; status=1; fi
check missing_file.txt "$CLI" ingest tests/fixtures/does_not_exist.csv
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
