#!/usr/bin/env bash
# Steady-arrivals benchmark (issue 4, "Steady arrivals of 167 tasks/s onto 10,000 agents at 70 %
# use: pending → assigned p99"): the real suite on AGENTS simulated agents of 1 cpu each; FILL jobs
# take 0.7 cpu per agent (one task per agent: 70 % of the cluster's cpus), then for SECONDS seconds
# new tasks of 0.1 cpu arrive at RATE tasks/s (ARRIVAL_JOBS jobs, each grown by
# POST /api/v1/jobs/{..}/instances every 100 ms). Reports pending → assigned of the arrived tasks
# (their PENDING and ASSIGNED events in the scheduler): p50/p90/p99/max.
#
#   bench/steady-arrivals.sh [agents] [rate] [seconds]     defaults: 10000 167 60
#
# Environment: BENCH_PORT_BASE (default 24900), BENCH_TIMEOUT (default 1200), BENCH_KEEP_DATA=yes,
# BOREALIS_JAVA_OPTS. Needs curl, jq, python3. Not a test. Numbers: docs/benchmarks.md.
set -euo pipefail

AGENTS=${1:-10000}
RATE=${2:-167}
SECONDS_RUN=${3:-60}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE=${BENCH_PORT_BASE:-24900}
TIMEOUT=${BENCH_TIMEOUT:-1200}
ARRIVAL_JOBS=10

export BOREALIS_CLUSTER_ARGS="--borealis.cluster.cpus-per-agent=1 ${BOREALIS_CLUSTER_ARGS:-}"
# shellcheck source=bench/simulated-suite.sh
. "$ROOT/bench/simulated-suite.sh"
simulated_suite steady-arrivals "$BASE" "$AGENTS"
SPECS=$BOREALIS_DATA/bench-specs
mkdir -p "$SPECS"

spec() { # name instances cpus
  cat <<SPEC
{"key":{"role":"bench","environment":"prod","name":"$1"},"instances":$2,"kind":"SERVICE",
 "task":{"command":"sleep 3600","env":{},"resources":{"cpus":$3,"ramMb":16,"diskMb":8,"ports":[]},
  "constraints":[],"tier":"preferred","priority":0,"production":false,"maxTaskFailures":1,"killGracePeriodSecs":1}}
SPEC
}

echo "== steady arrivals: $RATE tasks/s for $SECONDS_RUN s onto $AGENTS simulated agents at 70 % cpu use"
"$ROOT/deploy/local/up"

# ---- fill: one 0.7-cpu task per 1-cpu agent --------------------------------------------------------
per=$(( (AGENTS + 9) / 10 ))
for j in $(seq 1 10); do spec "fill-$j" "$per" 0.7 > "$SPECS/fill-$j.json"; done
start=$(now_ms)
submit_specs "$SPECS" || { echo "steady-arrivals: a submission failed" >&2; exit 1; }
await_all_running $(( per * 10 )) "$TIMEOUT" "$start" || { echo "steady-arrivals: the fill did not run" >&2; exit 1; }
echo "   filled: $(( per * 10 )) tasks RUNNING after $(( ($(now_ms) - start) / 1000 )) s"

# ---- arrivals: ARRIVAL_JOBS jobs of one instance, grown every 100 ms -------------------------------
for j in $(seq 1 $ARRIVAL_JOBS); do
  spec "arrive-$j" 1 0.1 | curl -sf -m 30 -o /dev/null -H 'Content-Type: application/json' --data-binary @- "$API/jobs"
done
per_tick=$(( (RATE + 5) / 10 ))    # tasks per 100 ms tick, spread over the arrival jobs
ticks=$(( SECONDS_RUN * 10 ))
t0=$(now_ms)
for tick in $(seq 0 $(( ticks - 1 ))); do
  job=$(( tick % ARRIVAL_JOBS + 1 ))
  curl -sf -m 5 -o /dev/null -H 'Content-Type: application/json' -d "{\"count\": $per_tick}" \
    "$API/jobs/bench/prod/arrive-$job/instances" &
  next=$(( t0 + (tick + 1) * 100 ))
  now=$(now_ms)
  [ "$now" -lt "$next" ] && sleep "$(printf '0.%03d' $(( next - now )))"
done
wait
arrived=$(( ticks * per_tick + ARRIVAL_JOBS ))
elapsed=$(( $(now_ms) - t0 ))
echo "   $arrived tasks arrived in $elapsed ms ($(( arrived * 1000 / elapsed )) tasks/s)"
await_all_running $(( per * 10 + arrived )) "$TIMEOUT" "$t0" || true

latency=$(for j in $(seq 1 $ARRIVAL_JOBS); do curl -sf -m 60 "$API/jobs/bench/prod/arrive-$j/tasks"; echo; done |
  python3 "$ROOT/bench/task-latency.py" placement)
echo "RESULT agents=$AGENTS fill=$(( per * 10 )) arrivals=$arrived rate=$RATE/s pending->assigned: $latency" \
  "load=$(cut -d' ' -f1-3 /proc/loadavg)"
