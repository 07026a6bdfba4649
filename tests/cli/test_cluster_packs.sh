#!/usr/bin/env bash
# Issue 18: `scripts/cluster.py packs` (one Dask task per pack of assets/packs/packs.json, on a LocalCluster of
# 2 workers) writes the same bytes as scripts/build_packs.sh, i.e. the committed assets/packs/*.cspack (which
# tests/cli/test_packs_reproducible.sh holds to a one-process rebuild). Exit 77 (CTest: skipped) without
# ../shared/data or Debian's python3-distributed.
set -uo pipefail
CLI=${1:?usage: test_cluster_packs.sh CLI ROOT}
ROOT=${2:?usage: test_cluster_packs.sh CLI ROOT}
PY=/usr/bin/python3
DATA="$ROOT/../shared/data"
[ -d "$DATA/incidents" ] || { echo "SKIPPED: $DATA not present"; exit 77; }
"$PY" -c 'import distributed' 2> /dev/null || { echo "SKIPPED: $PY has no dask.distributed"; exit 77; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$PY" "$ROOT/scripts/cluster.py" packs --manifest "$ROOT/assets/packs/packs.json" --data "$DATA" --out "$OUT" --cli "$CLI" --local 2 2> "$OUT/log.txt" ||
  { echo "FAIL: cluster.py packs"; cat "$OUT/log.txt"; exit 1; }
status=0
for f in "$ROOT"/assets/packs/*.cspack; do
  if cmp -s "$f" "$OUT/$(basename "$f")"; then echo "ok: $(basename "$f") built by a Dask task byte for byte"
  else echo "FAIL: $(basename "$f") differs from scripts/build_packs.sh's"; status=1; fi
done
exit $status
