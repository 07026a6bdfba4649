#!/usr/bin/env bash
# test.sh: README command 2. Installs what is missing, builds every target and runs every test, as named
# steps so a failure names the edge that broke: native (core + ONNX Runtime + desktop window under Xvfb +
# CLI golden), asan (core under ASan+UBSan), wasm (core tests compiled to WASM under node), web (the static
# site in headless Chromium). Ends with one line "N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export NODE_PATH=/usr/share/nodejs
bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0; failed=0; failed_steps=()
step() {   # step NAME COMMAND...
  local name=$1; shift
  echo; echo "=== [$name] $*"
  local t0=$SECONDS
  if "$@"; then passed=$((passed + 1)); echo "=== [$name] ok ($((SECONDS - t0)) s)"
  else failed=$((failed + 1)); failed_steps+=("$name"); echo "=== [$name] FAILED ($((SECONDS - t0)) s)"; fi
}
build() { cmake --preset "$1" >/dev/null && cmake --build "build/$1"; }
ctest_in() { (cd "build/$1" && ctest --output-on-failure --timeout 600); }

step native-build build native-release
step native-tests ctest_in native-release
step cli-golden bash tests/cli/test_cli.sh build/native-release/crimescope-cli
step packs-reproducible bash tests/cli/test_packs_reproducible.sh build/native-release/crimescope-cli
step asan-build build asan
step asan-tests ctest_in asan
step wasm-build build web-tests
step wasm-tests ctest_in web-tests
step web-build build web-release
step web-size node tests/web/report_size.mjs build/web-release/site
step web-browser node --test --test-reporter=spec tests/web/
step fuzz bash scripts/fuzz.sh 10   # every libFuzzer target for 10 s (issue #17); the campaign is run by hand

echo
if [ "$failed" -gt 0 ]; then echo "failed steps: ${failed_steps[*]}"; fi
echo "steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
