#!/usr/bin/env bash
# fuzz.sh [SECONDS] [TARGET...]: builds the `fuzz` preset (clang-14, libFuzzer + ASan + UBSan) and runs every
# fuzz target (tests/fuzz/fuzz_<target>.cpp; or only the TARGETs named) for SECONDS each (default 30), one at a
# time. Seeds come from tests/fixtures (bad/ included), assets and tests/fuzz/seeds; dictionaries from
# tests/fuzz/dict. Prints per target: execs, coverage (libFuzzer's final cov:), new corpus units, findings.
# Exits non-zero on any crash, leak, timeout (-timeout=2 s per input), out-of-memory or sanitizer report.
# Corpora grow in $FUZZ_WORK (default build/fuzz/work, never committed) and are reused by the next run;
# findings are written to $FUZZ_WORK/findings/<target>/ (make a regression fixture in tests/fixtures/bad/
# from one, never commit the file itself). FUZZ_JOBS: build parallelism (default 2). FUZZ_MAX_LEN: the
# largest input libFuzzer makes (default 16384 bytes; 65536 for packs).
# The campaign mode: FUZZ_CPU=1 makes SECONDS a budget of CPU seconds per target (the fuzzer is interrupted
# when its process has used that much CPU, so a busy machine does not shorten a target's run; wall time is
# capped at 4x), and FUZZ_PARALLEL=N runs N targets at once. The table then adds each target's CPU seconds
# and the total; a campaign log is kept in $FUZZ_WORK/campaign.txt. Example, the README campaign:
#   FUZZ_CPU=1 FUZZ_PARALLEL=2 scripts/fuzz.sh 900
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SECS=${1:-30}
shift || true
WORK=${FUZZ_WORK:-$ROOT/build/fuzz/work}
BUILD=$ROOT/build/fuzz
JOBS=${FUZZ_JOBS:-2}

# ---------------------------------------------------------------------------------------------------
# Build
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR=$ROOT
fi
t0=$SECONDS
if ! cmake --preset fuzz "${launcher[@]}" >"$BUILD.configure.log" 2>&1; then
  cat "$BUILD.configure.log"; echo "fuzz: configure failed"; exit 1
fi
if ! ninja -C "$BUILD" -j"$JOBS" >"$BUILD.build.log" 2>&1; then
  tail -50 "$BUILD.build.log"; echo "fuzz: build failed"; exit 1
fi
echo "fuzz: built in $((SECONDS - t0)) s"

# ---------------------------------------------------------------------------------------------------
# Seeds per target (files copied into $WORK/seeds/<target>; the corpus $WORK/corpus/<target> is written)
F=tests/fixtures
seeds_of() {
  case $1 in
    csv_ingest|profile_infer) ls $F/incidents/*.csv $F/bad/*.csv $F/layers/*.csv ;;
    profile) ls assets/profiles/*.json ;;
    pack) ls $F/bad/*.cspack ;;
    pack_sections) ls tests/fuzz/seeds/pack_sections/* ;;
    geojson_layer) ls $F/layers/*.geojson ;;
    geojson_boundary) ls tests/fuzz/seeds/geojson_boundary/* $F/layers/*.geojson ;;
    linkage_schema) ls assets/linkage/*/schema.json ;;
    linkage_cases) ls $F/linkage/robbery/*.csv $F/linkage/json/*.json assets/linkage/*/crimes.csv assets/linkage/robbery/cases.csv ;;
    linkage_infer) ls $F/linkage/robbery/*.csv $F/linkage/json/*.json assets/linkage/*/crimes.csv $F/incidents/chicago_portal_sample.csv ;;
    decisions) ls tests/fuzz/seeds/decisions/* ;;
    link_model) ls tests/fuzz/seeds/link_model/* $F/bad/link_model_*.json ;;
    lcrnet_sidecar) ls models/lcrnet_*.json $F/bad/lcrnet_*.json ;;
    score_sidecar) ls models/score_mlp_*.json ;;
    shapefile) ls $F/layers/*.shp ;;
    onnx_check) ls models/*.onnx ;;
    geocode_query) ;;   # lines of geocode_queries.tsv, below
    start_query) ls tests/fuzz/seeds/start_query/* ;;
    tzif) ls /usr/share/zoneinfo/America/Chicago /usr/share/zoneinfo/Europe/London /usr/share/zoneinfo/Asia/Kolkata /usr/share/zoneinfo/UTC ;;
  esac
}
dict_of() {
  case $1 in
    csv_ingest|profile_infer) echo csv ;;
    linkage_cases|linkage_infer) echo both ;;
    pack|shapefile|geocode_query|onnx_check|tzif) echo none ;;
    *) echo json ;;
  esac
}

mkdir -p "$WORK/dict"
cat tests/fuzz/dict/csv.dict tests/fuzz/dict/json.dict >"$WORK/dict/both.dict"
cp tests/fuzz/dict/csv.dict tests/fuzz/dict/json.dict "$WORK/dict/"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in tests/fuzz/fuzz_*.cpp; do n=$(basename "$f" .cpp); targets+=("${n#fuzz_}"); done
fi

# ---------------------------------------------------------------------------------------------------
# Run
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
CPU=${FUZZ_CPU:-0}
PAR=${FUZZ_PARALLEL:-1}
TICKS=$(getconf CLK_TCK)
cpu_seconds() {   # CPU seconds (user + system, all threads) used so far by process $1
  awk -v t="$TICKS" '{ sub(/^.*\) /, ""); print int(($12 + $13) / t) }' "/proc/$1/stat" 2>/dev/null || echo 0
}
run_target() {   # runs one target; writes its table line to $WORK/run/<target>/result.txt
  local t=$1 bin=$BUILD/fuzz_$1
  local seeds=$WORK/seeds/$t corpus=$WORK/corpus/$t found=$WORK/findings/$t run=$WORK/run/$t
  rm -rf "$seeds" "$run"
  mkdir -p "$seeds" "$corpus" "$found" "$run"
  if [ ! -x "$bin" ]; then echo "fuzz: no binary $bin" | tee "$run/result.txt"; echo 1 >"$run/failed"; return; fi
  for s in $(seeds_of "$t" 2>/dev/null); do cp "$s" "$seeds/"; done
  if [ "$t" = geocode_query ]; then
    grep -v '^#' $F/geocode_queries.tsv | cut -f2 | head -200 | split -l 1 - "$seeds/q_"
  fi
  local max_len=${FUZZ_MAX_LEN:-16384}
  case $t in pack|pack_sections) max_len=${FUZZ_MAX_LEN:-65536} ;; esac
  local wall=$SECS
  [ "$CPU" = 1 ] && wall=$((SECS * 4))
  local args=(-max_total_time="$wall" -timeout=2 -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1
              -artifact_prefix="$found/")
  local d; d=$(dict_of "$t")
  [ "$d" != none ] && args+=(-dict="$WORK/dict/$d.dict")
  local before; before=$(ls "$found" | wc -l)
  local t1=$SECONDS
  ( cd "$run" && exec "$bin" "${args[@]}" "$corpus" "$seeds" ) >"$run/log.txt" 2>&1 &
  local pid=$! used=0 last=0 interrupted=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 2
    last=$(cpu_seconds "$pid"); [ "${last:-0}" -gt "$used" ] && used=$last
    if [ "$CPU" = 1 ] && [ "$used" -ge "$SECS" ] && [ $interrupted = 0 ]; then kill -INT "$pid"; interrupted=1; fi
    if [ $((SECONDS - t1)) -gt $((wall * 2 + 120)) ]; then kill -KILL "$pid"; fi
  done
  wait "$pid"; local rc=$?
  # libFuzzer exits 72 when interrupted (its -interrupted_exitcode): the end of a CPU budget, not a finding
  [ $interrupted = 1 ] && [ $rc = 72 ] && rc=0
  local secs=$((SECONDS - t1))
  local after; after=$(ls "$found" | wc -l)
  local execs cov new findings status="none"
  execs=$(grep 'stat::number_of_executed_units:' "$run/log.txt" | tail -1 | awk '{print $2}')
  cov=$(grep -o ' cov: [0-9]*' "$run/log.txt" | tail -1 | awk '{print $2}')
  new=$(grep 'stat::new_units_added:' "$run/log.txt" | tail -1 | awk '{print $2}')
  findings=$((after - before))
  if [ $rc -ne 0 ] || [ $findings -gt 0 ] || grep -q -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$run/log.txt"; then
    status="FOUND (rc $rc): $(ls -t "$found" | head -3 | tr '\n' ' ')see $run/log.txt"
    echo 1 >"$run/failed"
  fi
  echo "$used" >"$run/cpu_seconds"
  {
    printf '%-18s %10s %8s %7s %9s %9s  %s\n' "$t" "${execs:-?}" "${cov:-?}" "${new:-?}" "$secs" "$used" "$status"
    if [ "$status" != none ]; then grep -E -m 8 'ERROR:|runtime error:|SUMMARY:|^    #[0-9] ' "$run/log.txt" | head -12 | sed 's/^/    /'; fi
  } >"$run/result.txt"
  cat "$run/result.txt"
  if [ "$CPU" = 1 ]; then echo "$(date -u +%FT%TZ) $(head -1 "$run/result.txt")" >>"$WORK/campaign.txt"; fi
}

printf '%-18s %10s %8s %7s %9s %9s  %s\n' target execs cov "new" seconds cpu_s findings
running=0
for t in "${targets[@]}"; do
  run_target "$t" &
  running=$((running + 1))
  if [ $running -ge "$PAR" ]; then wait -n; running=$((running - 1)); fi
done
wait
failed=0 total_cpu=0
for t in "${targets[@]}"; do
  [ -f "$WORK/run/$t/failed" ] && failed=1
  total_cpu=$((total_cpu + $(cat "$WORK/run/$t/cpu_seconds" 2>/dev/null || echo 0)))
done
echo "fuzz: ${#targets[@]} targets, $total_cpu CPU seconds in all"
[ $failed -eq 0 ] && echo "fuzz: no findings" || echo "fuzz: FINDINGS (see above; reproduce with $BUILD/fuzz_<target> FILE)"
exit $failed
