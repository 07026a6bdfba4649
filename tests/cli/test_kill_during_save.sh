#!/usr/bin/env bash
# Crash-safe saves (issue #17): `crimescope-cli export` killed with SIGKILL at 24 moments spread over 1.5 x its run
# (loading, writing, renaming) never leaves a partial output: the file is always the old export or the whole new
# one (compared by checksum), never a mix or a truncation. Both outcomes must be seen (kills before and after the
# rename). Temporary files a kill leaves beside it (TARGET.tmp-PID-N.HOST) are counted, and the next save removes
# those of processes that are gone: none remain after a whole save.
# Usage: test_kill_during_save.sh CLI
set -euo pipefail
CLI=${1:?usage: test_kill_during_save.sh path/to/crimescope-cli}
X=$(mktemp -d)
trap 'rm -rf "$X"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$CLI" export --pack chicago --types THEFT --format geojson -o "$X/old.geojson" > /dev/null
start=$(date +%s%N)
"$CLI" export --pack chicago --format geojson -o "$X/new.geojson" > /dev/null
total_ms=$(( ($(date +%s%N) - start) / 1000000 ))
old=$(sha256sum < "$X/old.geojson"); new=$(sha256sum < "$X/new.geojson")
[ "$old" != "$new" ] || fail "the two exports are the same"
n_old=0; n_new=0; leftovers=0
for k in $(seq 1 24); do
  cp "$X/old.geojson" "$X/out.geojson"
  delay_ms=$(( total_ms * k / 16 ))   # up to 1.5 x the measured run: the last kills land after it ends
  "$CLI" export --pack chicago --format geojson -o "$X/out.geojson" > /dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -KILL "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  got=$(sha256sum < "$X/out.geojson")
  if [ "$got" = "$old" ]; then n_old=$((n_old + 1))
  elif [ "$got" = "$new" ]; then n_new=$((n_new + 1))
  else fail "killed at ${delay_ms} ms: the output is neither the old nor the new export ($(stat -c %s "$X/out.geojson") bytes)"; fi
  find "$X" -maxdepth 1 -name 'out.geojson.tmp-*' -printf '%f\n' >> "$X/seen"
done
leftovers=$(sort -u "$X/seen" | grep -c . || true)
before=$(find "$X" -maxdepth 1 -name 'out.geojson.tmp-*' | wc -l)
"$CLI" export --pack chicago --types THEFT --format geojson -o "$X/out.geojson" > /dev/null
[ "$(sha256sum < "$X/out.geojson")" = "$old" ] || fail "the whole save after the kills did not write the file"
left=$(find "$X" -maxdepth 1 -name 'out.geojson.tmp-*' | wc -l)
[ "$left" -eq 0 ] || fail "$left temporary files of killed saves remain after a whole save"
[ "$n_old" -gt 0 ] && [ "$n_new" -gt 0 ] || fail "every kill gave the same outcome (old $n_old, new $n_new): the kills missed the save"
echo "kill during save: 24 kills over a ${total_ms} ms export: old file kept $n_old times, new file whole $n_new times, never partial; $leftovers temporary files left by kills ($before still there before the last, whole save; 0 after it)"
