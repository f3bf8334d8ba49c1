#!/usr/bin/env bash
# Whole-path scenario benchmark (issue 4, "Whole path"): the real suite (deploy/local/up) on its own
# data dir and port block, local-cluster in simulated mode (no processes; tasks go RUNNING and stay),
# JOBS jobs x INSTANCES instances submitted through the gateway, 20 % of the jobs constrained
# (half `host` limit 1, half `zone` limit ceil(INSTANCES/3)). Measures the wall time from the first
# submission until every task is RUNNING (GET /api/v1/tasks/counts through the gateway), prints
# tasks/s, the scheduler's RSS and the CPU seconds each process used meanwhile, then deletes the jobs, stops the suite and removes the data dir.
#
#   bench/whole-path.sh [jobs] [instances] [agents]      defaults: 10 100 100
#
# Environment: BENCH_PORT_BASE (first port of a free block of 10, default 24100),
# BENCH_TIMEOUT (seconds to wait for RUNNING, default 600), BENCH_PARALLEL (concurrent submissions,
# default 4), BENCH_KEEP_DATA=yes (keep the data dir, e.g. to read the logs),
# BOREALIS_JAVA_OPTS (default: the suite's options with -Xmx1g instead of -Xmx256m).
# Not a test: nothing under src/test runs it. Method and numbers: docs/benchmarks.md.
set -euo pipefail

JOBS=${1:-10}
INSTANCES=${2:-100}
AGENTS=${3:-100}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE=${BENCH_PORT_BASE:-24100}
TIMEOUT=${BENCH_TIMEOUT:-600}
PARALLEL=${BENCH_PARALLEL:-4}

# shellcheck source=bench/simulated-suite.sh
. "$ROOT/bench/simulated-suite.sh"
simulated_suite whole-path "$BASE" "$AGENTS"
SPECS=$BOREALIS_DATA/bench-specs

echo "== whole path: $JOBS jobs x $INSTANCES instances = $((JOBS * INSTANCES)) tasks on $AGENTS simulated agents"
echo "   data $BOREALIS_DATA, ports $BASE..$((BASE + 6)), load $(cut -d' ' -f1-3 /proc/loadavg)"
"$ROOT/deploy/local/up"

bench_specs "$SPECS" "$JOBS" "$INSTANCES"

# ---- submit and wait for RUNNING -------------------------------------------------------------------
total=$((JOBS * INSTANCES))
cpu_start=$(cpu_seconds)
start=$(now_ms)
submit_specs "$SPECS" || { echo "whole-path: a submission failed" >&2; exit 1; }
submitted=$(now_ms)
echo "   submitted $JOBS jobs in $(( submitted - start )) ms"
await_all_running "$total" "$TIMEOUT" "$start" || true
r=$RUNNING_NOW
[ "$r" -lt 0 ] && r=0
done_at=$(now_ms)
cpu_end=$(cpu_seconds)
sched_pid=$(tr -dc '0-9' < "$BOREALIS_DATA/run/scheduler-service.pid")
rss_kb=$(ps -o rss= -p "$sched_pid" | tr -dc '0-9')
heap=$(heap_of "$sched_pid")
ms=$(( done_at - start ))
[ "$r" -ge "$total" ] && outcome="all RUNNING" || outcome="TIMEOUT, $r RUNNING"
echo "RESULT jobs=$JOBS instances=$INSTANCES agents=$AGENTS tasks=$total ($outcome) wall=${ms}ms" \
  "rate=$(( r * 1000 / ms )) tasks/s submit=$(( submitted - start ))ms scheduler_rss=$(( rss_kb / 1024 ))MiB heap: $heap" \
  "load=$(cut -d' ' -f1-3 /proc/loadavg)"
echo "CPU used from the first submission to all RUNNING: $(cpu_used "$cpu_start" "$cpu_end")"

# ---- delete the jobs (down follows in the EXIT trap) --------------------------------------------
t0=$(now_ms)
for j in $(seq 1 "$JOBS"); do echo "bench/prod/job-$j"; done |
  xargs -P "$PARALLEL" -I{} curl -s -m 60 -o /dev/null -X DELETE "$API/jobs/{}" || true
echo "   deleted $JOBS jobs in $(( $(now_ms) - t0 )) ms"
