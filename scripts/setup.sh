#!/usr/bin/env bash
# setup.sh: installs every dependency of crimescope from Debian's packages and the npm registry into
# git-ignored folders (.deps/, node_modules/). Quick when already done: each step checks first.
# Verified recipes: ../shared/RECIPES.md. Nothing is fetched from anywhere else.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEPS=$ROOT/.deps
mkdir -p "$DEPS"
log() { printf '[setup] %s\n' "$*"; }
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo

# 1. Debian packages ---------------------------------------------------------------------------
APT_PKGS="cmake ninja-build g++ emscripten libglfw3-dev libnanoflann-dev nlohmann-json3-dev catch2 \
  libfast-float-dev libhowardhinnant-date-dev libcli11-dev libstb-dev zlib1g-dev fonts-dejavu-core \
  xvfb xdotool imagemagick chromium xz-utils bzip2 libdeflate-dev python3-distributed tzdata"
# node + npm: the machine image ships them; Debian's are the fallback on a bare Debian.
command -v npm >/dev/null 2>&1 || APT_PKGS="$APT_PKGS nodejs npm"
if [ "${CRIMESCOPE_TRAINING:-0}" = 1 ]; then APT_PKGS="$APT_PKGS python3-torch python3-onnx python3-numpy libopenblas0-pthread"; fi
missing=""
for p in $APT_PKGS; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"; done
if [ -n "$missing" ]; then
  log "installing Debian packages:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

# 2. Debian source packages (ImGui 1.90.1, zlib for WASM, ONNX Runtime headers) ------------------
SRC=$DEPS/apt-src
fetch_src() {   # $1 = source package name, $2 = glob of the tarball it gives
  if ! ls "$SRC"/$2 >/dev/null 2>&1; then
    mkdir -p "$SRC/lists/partial"
    if [ ! -f "$SRC/src.list" ]; then
      local uri
      uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
      [ -n "$uri" ] || uri=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
      [ -n "$uri" ] || { echo "[setup] no Debian mirror configured in /etc/apt (needed for deb-src)"; exit 1; }
      echo "deb-src $uri trixie main" > "$SRC/src.list"
    fi
    local A="-o Dir::Etc::sourcelist=$SRC/src.list -o Dir::Etc::sourceparts=- -o Dir::State::Lists=$SRC/lists"
    [ -f "$SRC/.updated" ] || { apt-get $A update -qq; touch "$SRC/.updated"; }
    log "downloading Debian source package $1"
    (cd "$SRC" && apt-get $A source --download-only --tar-only "$1" >/dev/null)
  fi
}
if [ ! -f "$DEPS/imgui/imgui.cpp" ]; then
  fetch_src imgui 'imgui_*.orig.tar.*'
  rm -rf "$DEPS/imgui" && mkdir -p "$DEPS/imgui"
  tar xf "$SRC"/imgui_*.orig.tar.* -C "$DEPS/imgui" --strip-components=1
fi
if [ ! -f "$DEPS/zlib/inflate.c" ]; then
  fetch_src zlib 'zlib_*.orig.tar.*'
  rm -rf "$DEPS/zlib" && mkdir -p "$DEPS/zlib"
  tar xf "$SRC"/zlib_*.orig.tar.* -C "$DEPS/zlib" --strip-components=1
fi
if [ ! -f "$DEPS/onnxruntime/include/onnxruntime_cxx_api.h" ]; then
  fetch_src onnxruntime 'onnxruntime_*.orig.tar.*'
  rm -rf "$DEPS/ort-src" && mkdir -p "$DEPS/ort-src" "$DEPS/onnxruntime/include"
  tar xf "$SRC"/onnxruntime_*.orig.tar.* -C "$DEPS/ort-src" --wildcards '*/include/onnxruntime/core/session/*'
  cp "$DEPS"/ort-src/*/include/onnxruntime/core/session/*.h "$DEPS/onnxruntime/include/"
  rm -rf "$DEPS/ort-src"
fi

# 3. npm: ONNX Runtime native library, ONNX Runtime Web, playwright-core ------------------------
ORT_VER=1.30.0
if [ ! -f "$DEPS/onnxruntime/lib/libonnxruntime.so.1" ]; then
  log "unpacking libonnxruntime from npm onnxruntime-node@$ORT_VER"
  T=$(mktemp -d); (cd "$T" && npm pack --silent "onnxruntime-node@$ORT_VER" >/dev/null)
  mkdir -p "$DEPS/onnxruntime/lib"
  tar xzf "$T"/onnxruntime-node-*.tgz -C "$T" package/bin/napi-v6/linux/x64/
  cp "$T"/package/bin/napi-v6/linux/x64/libonnxruntime.so.1* "$DEPS/onnxruntime/lib/"
  ln -sf libonnxruntime.so.1 "$DEPS/onnxruntime/lib/libonnxruntime.so"
  rm -rf "$T"
fi
if [ ! -f "$DEPS/ort-web/ort.wasm.min.js" ]; then
  log "unpacking onnxruntime-web@$ORT_VER"
  T=$(mktemp -d); (cd "$T" && npm pack --silent "onnxruntime-web@$ORT_VER" >/dev/null)
  mkdir -p "$DEPS/ort-web"
  tar xzf "$T"/onnxruntime-web-*.tgz -C "$T"
  cp "$T"/package/dist/ort.wasm.min.js "$T"/package/dist/ort-wasm-simd-threaded.mjs \
     "$T"/package/dist/ort-wasm-simd-threaded.wasm "$DEPS/ort-web/"
  cp "$T"/package/LICENSE "$DEPS/ort-web/LICENSE" 2>/dev/null || true
  rm -rf "$T"
fi
if [ ! -f "$ROOT/tests/web/node_modules/playwright-core/package.json" ]; then
  log "installing playwright-core (no browser download: Debian's chromium is used)"
  (cd "$ROOT/tests/web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --silent --no-audit --no-fund)
fi
log "ok"
