#!/usr/bin/env bash
# build_packs.sh: rebuilds the demo packs in assets/packs/ from ../shared/data (sources listed in
# assets/packs/packs.json) and prints each source's ingest report.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
DATA=${1:-$ROOT/../shared/data}
[ -d "$DATA/incidents" ] || { echo "no data folder at $DATA"; exit 1; }
cmake --preset native-release >/dev/null
cmake --build build/native-release --target crimescope-cli
build/native-release/crimescope-cli pack --manifest assets/packs/packs.json --data "$DATA"
