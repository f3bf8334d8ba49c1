#!/usr/bin/env bash
# Whole-path scenario benchmark (issue 4, "Whole path"): the real suite (deploy/local/up) on its own
# data dir and port block, local-cluster in simulated mode (no processes; tasks go RUNNING and stay),
# JOBS jobs x INSTANCES instances submitted through the gateway, 20 % of the jobs constrained
# (half `host` limit 1, half `zone` limit ceil(INSTANCES/3)). Measures the wall time from the first
# submission until every task is RUNNING (GET /api/v1/tasks/counts through the gateway), prints
# tasks/s and the scheduler's RSS, then deletes the jobs, stops the suite and removes the data dir.
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

running() { # total RUNNING tasks, or -1 if the call failed
  curl -sf -m 20 "$API/tasks/counts" | jq '[.[] | .RUNNING // 0] | add // 0' 2>/dev/null || echo -1
}

echo "== whole path: $JOBS jobs x $INSTANCES instances = $((JOBS * INSTANCES)) tasks on $AGENTS simulated agents"
echo "   data $BOREALIS_DATA, ports $BASE..$((BASE + 6)), load $(cut -d' ' -f1-3 /proc/loadavg)"
"$ROOT/deploy/local/up"

# ---- job specs: small sleeps, no ports, no health check; every 5th job constrained -----------------
mkdir -p "$SPECS"
zone_limit=$(( (INSTANCES + 2) / 3 ))
for j in $(seq 1 "$JOBS"); do
  constraints='[]'
  if [ $((j % 5)) -eq 0 ]; then
    if [ $((j % 10)) -eq 0 ]; then constraints='[{"attribute":"zone","limit":'$zone_limit'}]'
    else constraints='[{"attribute":"host","limit":1}]'; fi
  fi
  cat > "$SPECS/job-$j.json" <<EOF
{"key":{"role":"bench","environment":"prod","name":"job-$j"},"instances":$INSTANCES,"kind":"SERVICE",
 "task":{"command":"sleep 3600","env":{},"resources":{"cpus":0.01,"ramMb":16,"diskMb":8,"ports":[]},
  "constraints":$constraints,"tier":"preferred","priority":0,"production":false,
  "maxTaskFailures":1,"killGracePeriodSecs":1}}
EOF
done

# ---- submit and wait for RUNNING -------------------------------------------------------------------
total=$((JOBS * INSTANCES))
start=$(now_ms)
if ! ls "$SPECS"/*.json | xargs -P "$PARALLEL" -I{} sh -c \
    'code=$(curl -s -m 60 -o /dev/null -w "%{http_code}" -H "Content-Type: application/json" --data-binary @"$1" "$2/jobs"); case $code in 2??) ;; *) echo "submit $1: HTTP $code" >&2; exit 1;; esac' _ {} "$API"; then
  echo "whole-path: a submission failed" >&2; exit 1
fi
submitted=$(now_ms)
echo "   submitted $JOBS jobs in $(( submitted - start )) ms"
last=-2
while :; do
  r=$(running)
  t=$(now_ms)
  [ "$r" != "$last" ] && echo "   +$(( (t - start) / 1000 )) s: $r / $total RUNNING" && last=$r
  [ "$r" -ge "$total" ] && break
  [ "$r" -lt 0 ] && r=0
  if [ $(( (t - start) / 1000 )) -ge "$TIMEOUT" ]; then
    echo "   timeout: not all RUNNING after ${TIMEOUT}s"
    break
  fi
  sleep 0.5
done
done_at=$(now_ms)
sched_pid=$(tr -dc '0-9' < "$BOREALIS_DATA/run/scheduler-service.pid")
rss_kb=$(ps -o rss= -p "$sched_pid" | tr -dc '0-9')
# heap = the generations' "used"; Metaspace and class space are reported apart
heap=$(jcmd "$sched_pid" GC.heap_info 2>/dev/null | awk '/used [0-9]+K/ { match($0, /used [0-9]+K/); kb = substr($0, RSTART + 5, RLENGTH - 6)
  if ($0 ~ /Metaspace|class space/) meta += kb; else h += kb } END { printf "%d MiB used, metaspace+class %d MiB", h / 1024, meta / 1024 }' || true)
ms=$(( done_at - start ))
[ "$r" -ge "$total" ] && outcome="all RUNNING" || outcome="TIMEOUT, $r RUNNING"
echo "RESULT jobs=$JOBS instances=$INSTANCES agents=$AGENTS tasks=$total ($outcome) wall=${ms}ms" \
  "rate=$(( r * 1000 / ms )) tasks/s submit=$(( submitted - start ))ms scheduler_rss=$(( rss_kb / 1024 ))MiB heap: $heap" \
  "load=$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- delete the jobs (down follows in the EXIT trap) --------------------------------------------
t0=$(now_ms)
for j in $(seq 1 "$JOBS"); do echo "bench/prod/job-$j"; done |
  xargs -P "$PARALLEL" -I{} curl -s -m 60 -o /dev/null -X DELETE "$API/jobs/{}" || true
echo "   deleted $JOBS jobs in $(( $(now_ms) - t0 )) ms"
