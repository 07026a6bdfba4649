#!/usr/bin/env bash
# The committed demo packs (incidents, boundaries, base-map layers, caveats) are exactly what
# `crimescope-cli pack --manifest` builds from ../shared/data.
# Usage: test_packs_reproducible.sh path/to/crimescope-cli. Prints SKIPPED without ../shared/data.
set -euo pipefail
CLI=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA="$ROOT/../shared/data"
if [ ! -d "$DATA/incidents" ]; then echo "SKIPPED: $DATA not present; packs not rebuilt"; exit 0; fi
export LC_ALL=C TZ=UTC
OUT=$(mktemp -d)
(cd "$ROOT" && "$CLI" pack --manifest assets/packs/packs.json --data "$DATA" --out-dir "$OUT" > "$OUT/log.txt")
status=0
for f in "$ROOT"/assets/packs/*.cspack; do
  if cmp -s "$f" "$OUT/$(basename "$f")"; then echo "ok: $(basename "$f") rebuilt byte for byte"
  else echo "FAIL: $(basename "$f") differs from a rebuild (run scripts/build_packs.sh)"; status=1; fi
done
rm -rf "$OUT"
exit $status
