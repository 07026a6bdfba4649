#!/usr/bin/env bash
# run.sh: README command 1. Builds and starts the desktop app on the bundled demo packs (Houston first).
#   scripts/run.sh [app options]     desktop app (needs a display; see --help for options)
#   scripts/run.sh --web [PORT]      builds the static site and serves it on http://127.0.0.1:PORT/ (default 8080)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export NODE_PATH=/usr/share/nodejs
bash scripts/setup.sh
if [ "${1:-}" = "--web" ]; then
  PORT=${2:-8080}
  cmake --preset web-release >/dev/null
  cmake --build build/web-release
  echo
  echo "crimescope is at http://127.0.0.1:$PORT/  (static files in build/web-release/site; Ctrl-C stops)"
  exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory build/web-release/site
fi
cmake --preset native-release >/dev/null
cmake --build build/native-release --target crimescope crimescope-cli
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found. Run 'scripts/run.sh --web' and open the printed URL, or run under Xvfb:"
  echo "  xvfb-run -a build/native-release/crimescope --frames 60 --screenshot shot.png"
  exit 1
fi
exec build/native-release/crimescope "$@"
