#!/usr/bin/env bash
# Measures the local suite: wall time of deploy/local/up (built tree) until every service is healthy,
# and the idle resident memory of everything it started (JVMs, the postmaster and its children).
#
#   bench/suite-startup.sh [runs]          (default 3; run 1 starts on an empty data directory)
#
# Environment: BENCH_IDLE_SECS (default 30) idle time before RSS is read; BOREALIS_* as for up
# (ports default to a 2xxxx block here so a suite on the standard ports is not disturbed).
# RSS counts shared pages (PostgreSQL's shared buffers, the JDK's CDS archive) once per process;
# PSS (Linux /proc/<pid>/smaps_rollup) splits them fairly, so it is reported beside it.
# Prints one markdown table row per run; stops the suite and removes its data at the end.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${1:-3}
IDLE=${BENCH_IDLE_SECS:-30}
export BOREALIS_DATA=${BOREALIS_DATA:-$(mktemp -d /tmp/borealis-bench.XXXXXX)}
export BOREALIS_GATEWAY_PORT=${BOREALIS_GATEWAY_PORT:-28080} BOREALIS_ADMIN_PORT=${BOREALIS_ADMIN_PORT:-28090}
export BOREALIS_JOB_PORT=${BOREALIS_JOB_PORT:-28181} BOREALIS_SCHEDULER_PORT=${BOREALIS_SCHEDULER_PORT:-28182}
export BOREALIS_UPDATE_PORT=${BOREALIS_UPDATE_PORT:-28183} BOREALIS_CLUSTER_PORT=${BOREALIS_CLUSTER_PORT:-25050}
export BOREALIS_DB_PORT=${BOREALIS_DB_PORT:-25432}
RUN=$BOREALIS_DATA/run

cleanup() {
  "$ROOT/deploy/local/down" >/dev/null 2>&1 || true
  case "$BOREALIS_DATA" in /tmp/borealis-bench.*) rm -rf "$BOREALIS_DATA" ;; esac
}
trap cleanup EXIT

descendants() { # pid
  local child
  for child in $(ps -e -o pid= -o ppid= | awk -v p="$1" '$2 == p { print $1 }'); do
    echo "$child"; descendants "$child"
  done
}

rss_kb() { # pids... -> summed RSS in kB
  [ $# -gt 0 ] || { echo 0; return; }
  ps -o rss= -p "$(IFS=,; echo "$*")" | awk '{ s += $1 } END { print s + 0 }'
}

pss_kb() { # pids... -> summed PSS in kB (0 where smaps_rollup is unavailable)
  local pid sum=0 kb
  for pid in "$@"; do
    kb=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || true)
    sum=$(( sum + ${kb:-0} ))
  done
  echo "$sum"
}

# The processes of one service: its JVM and everything below it; for postgres also the postmaster
# (a child of pg_ctl, so reparented to init) and its backends.
service_pids() { # name
  local pid
  pid=$(cat "$RUN/$1.pid")
  echo "$pid"; descendants "$pid"
  if [ "$1" = postgres ] && [ -f "$BOREALIS_DATA/postgres/postmaster.pid" ]; then
    pid=$(head -n 1 "$BOREALIS_DATA/postgres/postmaster.pid")
    echo "$pid"; descendants "$pid"
  fi
}

echo "data: $BOREALIS_DATA, java: $(java -version 2>&1 | head -n 1), cores: $(nproc)"
echo "JVM options: ${BOREALIS_JAVA_OPTS:-the default of deploy/local/up}"
echo
echo "| run | data dir | JVMs with CDS archive | up → all healthy (s) | idle RSS total (MiB) | idle PSS total (MiB) | RSS per service (MiB) |"
echo "|---|---|---|---|---|---|---|"
for run in $(seq 1 "$RUNS"); do
  "$ROOT/deploy/local/down" >/dev/null
  state=kept; [ "$run" -eq 1 ] && state=empty
  start=$(date +%s%N)
  "$ROOT/deploy/local/up" > "$BOREALIS_DATA/bench-up-$run.log" 2>&1 || {
    echo "run $run: up failed:"; cat "$BOREALIS_DATA/bench-up-$run.log"; exit 1; }
  took=$(( ($(date +%s%N) - start) / 1000000 ))
  cds=$(grep -c "with its CDS archive" "$BOREALIS_DATA/bench-up-$run.log" || true)
  # a class-data-sharing training run after up is not part of the idle suite: let it finish first
  for _ in $(seq 1 600); do
    pid=$(cat "$RUN/cds-training.pid" 2>/dev/null || true)
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  sleep "$IDLE" # idle on purpose: memory after start-up settles, not during it
  total=0; pss=0; detail=""
  for file in "$RUN"/*.pid; do
    name=$(basename "$file" .pid)
    [ "$name" = cds-training ] && continue
    pids=$(service_pids "$name" | sort -u)
    # shellcheck disable=SC2086
    kb=$(rss_kb $pids)
    # shellcheck disable=SC2086
    pss=$(( pss + $(pss_kb $pids) ))
    total=$(( total + kb ))
    detail="$detail $name $(( kb / 1024 )),"
  done
  printf '| %d | %s | %d | %d.%01d | %d | %d | %s |\n' "$run" "$state" "$cds" $(( took / 1000 )) $(( took % 1000 / 100 )) \
    $(( total / 1024 )) $(( pss / 1024 )) "${detail%,}"
done
