#!/usr/bin/env bash
# build_packs.sh: rebuilds the demo packs in assets/packs/ from ../shared/data (sources, base-map layers and
# caveats listed in assets/packs/packs.json) and prints each source's ingest report and each layer's size.
# Reproducible: the same data and manifest give the same bytes (tests/cli/test_packs_reproducible.sh checks).
# Packs are built into a temporary folder and moved into place only when every pack built, so
# assets/packs/*.cspack are always loadable.
# Usage: scripts/build_packs.sh [--large] [DATA_DIR]   (CLI=path/to/crimescope-cli to use a binary already built)
#   --large: builds only the five-year Chicago benchmark pack (scripts/packs_large.json, 1.25 M incidents) into
#            build/packs/chicago_5y.cspack; it is never committed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
LARGE=0
if [ "${1:-}" = --large ]; then LARGE=1; shift; fi
DATA=${1:-$ROOT/../shared/data}
[ -d "$DATA/incidents" ] || { echo "no data folder at $DATA"; exit 1; }
export LC_ALL=C TZ=UTC
if [ -z "${CLI:-}" ]; then
  cmake --preset native-release >/dev/null
  cmake --build build/native-release --target crimescope-cli
  CLI=build/native-release/crimescope-cli
fi
if [ "$LARGE" = 1 ]; then
  mkdir -p build/packs
  TMP=$(mktemp -d "$ROOT/build/packs/.build.XXXXXX")
  trap 'rm -rf "$TMP"' EXIT
  /usr/bin/time -f "pack --large: %e s wall, %M KB peak" "$CLI" pack --manifest scripts/packs_large.json --data "$DATA" --out-dir "$TMP"
  mv -f "$TMP/chicago_5y.cspack" build/packs/chicago_5y.cspack
  echo "build/packs/chicago_5y.cspack: $(stat -c %s build/packs/chicago_5y.cspack) bytes"
  exit 0
fi
TMP=$(mktemp -d "$ROOT/assets/packs/.build.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
"$CLI" pack --manifest assets/packs/packs.json --data "$DATA" --out-dir "$TMP"
for f in "$TMP"/*.cspack; do
  name=$(basename "$f")
  before=$(stat -c %s "assets/packs/$name" 2>/dev/null || echo 0)
  echo "$name: $before -> $(stat -c %s "$f") bytes"
  mv -f "$f" "assets/packs/$name"   # rename on the same file system: atomic
done
