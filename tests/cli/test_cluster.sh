#!/usr/bin/env bash
# Issue 18: `scripts/cluster.py link-rank --series` on a LocalCluster of 2 workers writes a ranked.json byte for
# byte what the single-process `crimescope-cli link rank --series` prints, on 5,000 cases resampled from the
# bundled crimelinkage set (`link resample`; about 12.5 M pairs within the window); the same after one worker is
# killed mid-run (the task rescheduled by Dask, and reported), and after the driver is killed and rerun (the shard
# files already written are reused). Exit 77 (CTest: skipped) without Debian's python3-distributed.
set -uo pipefail
CLI=${1:?usage: test_cluster.sh CLI ROOT}
ROOT=${2:?usage: test_cluster.sh CLI ROOT}
PY=/usr/bin/python3
"$PY" -c 'import distributed' 2> /dev/null || { echo "SKIPPED: $PY has no dask.distributed (apt-get install python3-distributed)"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
status=0
A=(--assets "$ROOT/assets")
"$CLI" "${A[@]}" link train --set crimelinkage -o "$T/model.json" > /dev/null || { echo "FAIL: link train"; exit 1; }
"$CLI" "${A[@]}" link resample --set crimelinkage --cases 5000 --seed 5 -o "$T/cases" > /dev/null || { echo "FAIL: link resample"; exit 1; }
"$CLI" "${A[@]}" link rank --dir "$T/cases" --model "$T/model.json" --limit 100 --series > "$T/single.json" || { echo "FAIL: link rank"; exit 1; }
DRIVER=("$PY" "$ROOT/scripts/cluster.py" link-rank --dir "$T/cases" --model "$T/model.json" --limit 100 --series --cli "$CLI" --assets "$ROOT/assets"
        --local 2 --shards 4)

# 1. A plain run.
if "${DRIVER[@]}" --out "$T/run1" 2> "$T/run1.log" && cmp -s "$T/single.json" "$T/run1/ranked.json"; then
  echo "ok: cluster link-rank --series = single-process link rank ($(grep -o '[0-9]* pairs;' "$T/run1.log"))"
else
  echo "FAIL: cluster link-rank differs from link rank"; cat "$T/run1.log"; status=1
fi

# 2. A worker killed (SIGKILL) while it runs a task, after the first task is done: Dask reschedules it.
if "${DRIVER[@]}" --out "$T/run2" --kill-worker-after 1 2> "$T/run2.log" && cmp -s "$T/single.json" "$T/run2/ranked.json" &&
   grep -q "killing worker" "$T/run2.log" && grep -q "started 2 times" "$T/run2.log"; then
  echo "ok: the same after a worker was killed mid-run ($(grep -o 'killing worker.*' "$T/run2.log" | head -1))"
else
  echo "FAIL: cluster link-rank with a worker killed"; cat "$T/run2.log"; status=1
fi

# 3. The driver killed (its whole process group: the LocalCluster and the CLI runs too) once a shard file is
# written, then rerun: the files written are reused and the result is the same.
setsid "${DRIVER[@]}" --out "$T/run3" 2> "$T/run3a.log" &
pid=$!
for _ in $(seq 1 600); do
  ls "$T/run3/shards/" 2> /dev/null | grep -q '^hist-' && break
  kill -0 "$pid" 2> /dev/null || break
  sleep 0.1
done
kill -KILL -- "-$pid" 2> /dev/null
wait "$pid" 2> /dev/null
written=$(ls "$T/run3/shards/" 2> /dev/null | grep -c -E '^(hist|part)-')
if [ -e "$T/run3/ranked.json" ]; then
  echo "FAIL: the driver finished before it was killed"; status=1
elif "${DRIVER[@]}" --out "$T/run3" 2> "$T/run3b.log" && cmp -s "$T/single.json" "$T/run3/ranked.json" &&
     grep -q -E "[1-9][0-9]* of 9 shard files reused" "$T/run3b.log"; then
  echo "ok: the same after the driver was killed ($written shard files written) and rerun ($(grep -o '[0-9]* of 9 shard files reused' "$T/run3b.log"))"
else
  echo "FAIL: cluster link-rank rerun after the driver was killed"; cat "$T/run3a.log" "$T/run3b.log"; status=1
fi
exit $status
