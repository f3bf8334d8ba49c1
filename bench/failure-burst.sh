#!/usr/bin/env bash
# Mass-failure benchmark (issue 4, "Failure → replacement RUNNING with 1,000 tasks failing at
# once"): the real suite on simulated agents, JOBS x INSTANCES tasks RUNNING (whole-path workload),
# then FAILURES of them fail at one moment (local-cluster's POST /api/v1/cluster/simulation/fail).
# Reports, from the scheduler's task events, the time from that moment until each failed task's
# replacement is RUNNING: p50/p90/p99/max. The tasks ran longer than the flapping threshold before
# (BENCH_SETTLE seconds), so no replacement waits THROTTLED.
#
#   bench/failure-burst.sh [jobs] [instances] [agents] [failures]    defaults: 20 100 1000 1000
#
# Before the measured burst, BENCH_WARMUP (default 4; 0 for none) unmeasured bursts of the same size
# run, each followed by BENCH_SETTLE, so that the measured one runs on compiled code, as a cell that
# has been up for a while does. The measured window's CPU by thread is printed.
#
# Environment: BENCH_PORT_BASE (default 24700), BENCH_TIMEOUT (default 600), BENCH_SETTLE
# (default 12), BENCH_WARMUP, BENCH_PARALLEL, BENCH_KEEP_DATA=yes, BOREALIS_JAVA_OPTS. Needs curl,
# jq, python3.
# Not a test. Numbers: docs/benchmarks.md.
set -euo pipefail

JOBS=${1:-20}
INSTANCES=${2:-100}
AGENTS=${3:-1000}
FAILURES=${4:-1000}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE=${BENCH_PORT_BASE:-24700}
TIMEOUT=${BENCH_TIMEOUT:-600}

# shellcheck source=bench/simulated-suite.sh
. "$ROOT/bench/simulated-suite.sh"
simulated_suite failure-burst "$BASE" "$AGENTS"
SPECS=$BOREALIS_DATA/bench-specs
total=$((JOBS * INSTANCES))

echo "== failure burst: $FAILURES of $total tasks fail at once, $AGENTS simulated agents"
"$ROOT/deploy/local/up"
bench_specs "$SPECS" "$JOBS" "$INSTANCES"
start=$(now_ms)
submit_specs "$SPECS" || { echo "failure-burst: a submission failed" >&2; exit 1; }
await_all_running "$total" "$TIMEOUT" "$start" || { echo "failure-burst: the tasks did not all run" >&2; exit 1; }
sleep "${BENCH_SETTLE:-12}" # past the flapping threshold (10 s): the failed tasks count as stable

# warm-up bursts, unmeasured: the first burst of a fresh suite runs the failure and replacement code
# paths for the first time, and the JIT compiling them took ~45 % of the CPU of its window
for w in $(seq 1 "${BENCH_WARMUP:-4}"); do
  [ "${BENCH_WARMUP:-4}" -gt 0 ] || break
  tw=$(now_ms)
  curl -sf -m 60 -o /dev/null -H 'Content-Type: application/json' -d "{\"count\": $FAILURES}" \
    "http://127.0.0.1:$BOREALIS_CLUSTER_PORT/api/v1/cluster/simulation/fail"
  sleep 0.5 # the failures reach the scheduler's counts before "all RUNNING" can mean their replacements
  await_all_running "$total" "$TIMEOUT" "$tw" > /dev/null || true
  echo "   warm-up burst $w: all $RUNNING_NOW RUNNING again after $(( $(now_ms) - tw )) ms"
  sleep "${BENCH_SETTLE:-12}"
done

thread_cpu_snapshot "$BOREALIS_DATA/threads-before"
t0=$(now_ms)
failed=$(curl -sf -m 60 -H 'Content-Type: application/json' -d "{\"count\": $FAILURES}" \
  "http://127.0.0.1:$BOREALIS_CLUSTER_PORT/api/v1/cluster/simulation/fail" | jq -r '.failed[]')
echo "   failed $(echo "$failed" | wc -l) tasks at once"
sleep 0.5 # as above; the latencies come from the task events, not from this wait
await_all_running "$total" "$TIMEOUT" "$t0" || true
echo "   all $RUNNING_NOW RUNNING again after $(( $(now_ms) - t0 )) ms"
thread_cpu_snapshot "$BOREALIS_DATA/threads-after"
thread_cpu_report "$BOREALIS_DATA/threads-before" "$BOREALIS_DATA/threads-after"

latency=$(for j in $(seq 1 "$JOBS"); do curl -sf -m 60 "$API/jobs/bench/prod/job-$j/tasks"; echo; done |
  python3 "$ROOT/bench/task-latency.py" replacement "$t0" $failed)
echo "RESULT failures=$FAILURES tasks=$total agents=$AGENTS failure->replacement RUNNING: $(head -1 <<< "$latency")" \
  "load=$(cut -d' ' -f1-3 /proc/loadavg)"
echo "   $(tail -1 <<< "$latency")"
