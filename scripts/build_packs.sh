#!/usr/bin/env bash
# build_packs.sh: rebuilds the demo packs in assets/packs/ from ../shared/data (sources, base-map layers and
# caveats listed in assets/packs/packs.json) and prints each source's ingest report and each layer's size.
# Reproducible: the same data and manifest give the same bytes (tests/cli/test_packs_reproducible.sh checks).
# Packs are built into a temporary folder and moved into place only when every pack built, so
# assets/packs/*.cspack are always loadable.
# Usage: scripts/build_packs.sh [DATA_DIR]   (CLI=path/to/crimescope-cli to use a binary already built)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
DATA=${1:-$ROOT/../shared/data}
[ -d "$DATA/incidents" ] || { echo "no data folder at $DATA"; exit 1; }
export LC_ALL=C TZ=UTC
if [ -z "${CLI:-}" ]; then
  cmake --preset native-release >/dev/null
  cmake --build build/native-release --target crimescope-cli
  CLI=build/native-release/crimescope-cli
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
