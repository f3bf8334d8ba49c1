# Sourced by the bench scripts that run the real suite on simulated agents (not run by itself):
#   simulated_suite NAME PORT_BASE AGENTS
# makes a fresh BOREALIS_DATA (mktemp, borealis-NAME.XXXXXX), puts the suite's 7 ports at
# PORT_BASE..PORT_BASE+6 (gateway, admin, job, scheduler, update, cluster, database), turns CDS off,
# starts local-cluster in simulated mode with AGENTS agents, gives every JVM -Xmx1g and the full JIT
# (the suite's own default stops at C1 for a quick start; production runs C2) unless
# BOREALIS_JAVA_OPTS is set, sets API to the gateway's /api/v1 and installs an EXIT trap that runs
# deploy/local/down and removes the data dir (BENCH_KEEP_DATA=yes keeps it). Also defines now_ms.
# shellcheck shell=bash

simulated_suite() { # name port-base agents
  local base=$2
  export BOREALIS_DATA
  BOREALIS_DATA=$(mktemp -d "${TMPDIR:-/tmp}/borealis-$1.XXXXXX")
  export BOREALIS_GATEWAY_PORT=$base BOREALIS_ADMIN_PORT=$((base + 1)) BOREALIS_JOB_PORT=$((base + 2))
  export BOREALIS_SCHEDULER_PORT=$((base + 3)) BOREALIS_UPDATE_PORT=$((base + 4))
  export BOREALIS_CLUSTER_PORT=$((base + 5)) BOREALIS_DB_PORT=$((base + 6))
  export BOREALIS_CDS=off BOREALIS_AGENTS=$3 BOREALIS_HEALTH_TIMEOUT=${BOREALIS_HEALTH_TIMEOUT:-300}
  export BOREALIS_CLUSTER_ARGS="--borealis.cluster.simulated=true ${BOREALIS_CLUSTER_ARGS:-}"
  export BOREALIS_JAVA_OPTS=${BOREALIS_JAVA_OPTS:--XX:+UseSerialGC -Xss512k -Xms32m -Xmx1g -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=64m -Dspring.main.banner-mode=off}
  API=http://127.0.0.1:$BOREALIS_GATEWAY_PORT/api/v1
  trap simulated_suite_cleanup EXIT
  trap 'exit 130' INT TERM
}

simulated_suite_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  state_lock_report || true
  echo "== cleanup: deploy/local/down"
  "$ROOT/deploy/local/down" || true
  if [ "${BENCH_KEEP_DATA:-no}" = yes ]; then echo "data kept in $BOREALIS_DATA"; else rm -rf "$BOREALIS_DATA"; fi
  exit "$rc"
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# thread_cpu_snapshot FILE: CPU ticks so far of every thread of every suite process (and of the
# PostgreSQL server's processes), one "process/thread ticks" line each; thread_cpu_report A B prints
# the threads that used the most CPU between two snapshots, with names normalised (numbers dropped).
thread_cpu_snapshot() {
  local f name pid t pg
  : > "$1"
  for f in "$BOREALIS_DATA"/run/*.pid; do
    name=$(basename "$f" .pid)
    pid=$(tr -dc '0-9' < "$f")
    for t in /proc/"$pid"/task/*; do
      [ -r "$t/stat" ] || continue
      awk -v n="$name" -v c="$(tr ' ' '_' < "$t/comm")" '{ sub(/^.*\) /, ""); print n "/" c, $12 + $13 }' "$t/stat" >> "$1" 2>/dev/null || true
    done
  done
  pg=$(pgrep -x postgres | while read -r t; do tr '\0' ' ' < "/proc/$t/cmdline" 2>/dev/null |
    grep -q -- "$BOREALIS_DATA" && echo "$t"; done | head -1) || true
  for t in ${pg:+$pg $(pgrep -P "$pg")}; do
    awk '{ sub(/^.*\) /, ""); print "pg-server/backends", $12 + $13 }' "/proc/$t/stat" 2>/dev/null >> "$1" || true
  done
  true
}

thread_cpu_report() {
  python3 - "$1" "$2" "$(getconf CLK_TCK)" <<'PY'
import re, sys
def read(path):
    out = {}
    for line in open(path):
        name, ticks = line.rsplit(" ", 1)
        name = re.sub(r"[-_#]?\d+$", "", name)
        out[name] = out.get(name, 0) + int(ticks)
    return out
a, b, hz = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
used = sorted(((b[k] - a.get(k, 0)) / hz, k) for k in b)
used = [u for u in used if u[0] > 0]
print(f"   CPU by thread (s), total {sum(u for u, _ in used):.2f}:")
for seconds, name in reversed(used[-15:]):
    print(f"     {seconds:6.2f}  {name}")
PY
}

# state_lock_report: the scheduler's state lock per writer (StateLock's timers): how often, mean and
# max time waited and held, since the scheduler started. Every scheduler latency passes the lock.
state_lock_report() {
  local metrics
  metrics=$(curl -sf -m 10 "http://127.0.0.1:$BOREALIS_SCHEDULER_PORT/actuator/prometheus") || return 0
  echo "   scheduler state lock (count, mean / max wait, mean / max hold, ms):"
  python3 - "$metrics" <<'PY'
import re, sys
stats = {}
for line in sys.argv[1].splitlines():
    m = re.match(r'borealis_state_lock_(waited|held)_seconds_(count|sum|max)\{by="([^"]+)".*\} (\S+)', line)
    if m:
        stats.setdefault(m.group(3), {})[m.group(1) + "_" + m.group(2)] = float(m.group(4))
for by, s in sorted(stats.items(), key=lambda kv: -kv[1].get("held_sum", 0)):
    n = s.get("held_count", 0) or 1
    print(f"     {by:28s} {int(s.get('held_count', 0)):7d}  wait {1000 * s.get('waited_sum', 0) / n:7.1f} / "
          f"{1000 * s.get('waited_max', 0):7.1f}  hold {1000 * s.get('held_sum', 0) / n:7.1f} / {1000 * s.get('held_max', 0):7.1f}")
PY
}

# status_delivery_report LABEL: local-cluster's status update counters since it started: sent for the
# first time, sent again (timer resends and the resend of everything unacknowledged at a SUBSCRIBE),
# acknowledged, and acknowledgements of nothing pending (duplicates).
status_delivery_report() {
  local metrics
  metrics=$(curl -sf -m 10 "http://127.0.0.1:$BOREALIS_CLUSTER_PORT/actuator/prometheus") || return 0
  python3 - "$1" "$metrics" <<'PY'
import re, sys
v = {}
for line in sys.argv[2].splitlines():
    m = re.match(r'borealis_cluster_status_(updates|acknowledgements)_total\{(?:delivery|result)="([^"]+)".*\} (\S+)', line)
    if m:
        v[m.group(2)] = int(float(m.group(3)))
print(f"   status updates ({sys.argv[1]}): first {v.get('first', 0)}, resent {v.get('resent', 0)},"
      f" acknowledged {v.get('accepted', 0)}, duplicate acknowledgements {v.get('stale', 0)}")
PY
}

# ---- the whole-path workload, shared by whole-path.sh and failover.sh ------------------------------

# bench_specs DIR JOBS INSTANCES: one spec file per job: small sleeps, no ports, no health check;
# every 5th job constrained (half of those `host` limit 1, half `zone` limit ceil(INSTANCES/3)).
bench_specs() {
  local dir=$1 jobs=$2 instances=$3 j constraints zone_limit
  mkdir -p "$dir"
  zone_limit=$(( (instances + 2) / 3 ))
  for j in $(seq 1 "$jobs"); do
    constraints='[]'
    if [ $((j % 5)) -eq 0 ]; then
      if [ $((j % 10)) -eq 0 ]; then constraints='[{"attribute":"zone","limit":'$zone_limit'}]'
      else constraints='[{"attribute":"host","limit":1}]'; fi
    fi
    cat > "$dir/job-$j.json" <<SPEC
{"key":{"role":"bench","environment":"prod","name":"job-$j"},"instances":$instances,"kind":"SERVICE",
 "task":{"command":"sleep 3600","env":{},"resources":{"cpus":0.01,"ramMb":16,"diskMb":8,"ports":[]},
  "constraints":$constraints,"tier":"preferred","priority":0,"production":false,
  "maxTaskFailures":1,"killGracePeriodSecs":1}}
SPEC
  done
}

# submit_specs DIR: POSTs every spec in DIR through the gateway, BENCH_PARALLEL (default 4) at once.
# A 503 (the gateway's breaker for job-service not closed yet, e.g. half-open right after start-up)
# is tried again after the Retry-After it names, up to 30 times, as any client of the API should.
submit_specs() {
  ls "$1"/*.json | xargs -P "${BENCH_PARALLEL:-4}" -I{} sh -c '
    for try in $(seq 1 30); do
      out=$(curl -s -m 60 -o /dev/null -D - -w "%{http_code}" -H "Content-Type: application/json" --data-binary @"$1" "$2/jobs")
      code=$(printf "%s" "$out" | tail -c 3)
      case $code in
        2??) exit 0 ;;
        503) wait=$(printf "%s" "$out" | tr -d "\r" | sed -n "s/^[Rr]etry-[Aa]fter: *//p"); sleep "${wait:-1}" ;;
        *) break ;;
      esac
    done
    echo "submit $1: HTTP $code" >&2; exit 1' _ {} "$API"
}

# running_tasks [BASE_URL]: total RUNNING tasks (through the gateway unless a scheduler's URL is
# given), or -1 if the call failed.
running_tasks() {
  curl -sf -m 20 "${1:-$API}/tasks/counts" | jq '[.[] | .RUNNING // 0] | add // 0' 2>/dev/null || echo -1
}

# await_all_running TOTAL TIMEOUT_SECS START_MS: prints progress; sets RUNNING_NOW; 1 on timeout.
await_all_running() {
  local total=$1 timeout=$2 start=$3 last=-2 t
  while :; do
    RUNNING_NOW=$(running_tasks)
    t=$(now_ms)
    [ "$RUNNING_NOW" != "$last" ] && echo "   +$(( (t - start) / 1000 )) s: $RUNNING_NOW / $total RUNNING" && last=$RUNNING_NOW
    [ "$RUNNING_NOW" -ge "$total" ] && return 0
    if [ $(( (t - start) / 1000 )) -ge "$timeout" ]; then
      echo "   timeout: not all RUNNING after ${timeout}s"
      return 1
    fi
    sleep 0.5
  done
}

# heap_of PID: the JVM's used heap (generations) and, apart, metaspace + class space.
heap_of() {
  jcmd "$1" GC.heap_info 2>/dev/null | awk '/used [0-9]+K/ { match($0, /used [0-9]+K/); kb = substr($0, RSTART + 5, RLENGTH - 6)
    if ($0 ~ /Metaspace|class space/) meta += kb; else h += kb } END { printf "%d MiB used, metaspace+class %d MiB", h / 1024, meta / 1024 }' || true
}

# cpu_seconds: "name=seconds" of CPU (user + system) used so far by each suite process, as
# "pg-server" by the suite's PostgreSQL server and its backends together ("postgres" is the JVM that
# started it), and as "harness" by the benchmark's own curl and jq runs; subtract two readings.
cpu_seconds() {
  local hz f name pid
  hz=$(getconf CLK_TCK)
  for f in "$BOREALIS_DATA"/run/*.pid; do
    name=$(basename "$f" .pid)
    pid=$(tr -dc '0-9' < "$f")
    [ -r "/proc/$pid/stat" ] || continue
    awk -v n="$name" -v hz="$hz" '{ sub(/^.*\) /, ""); printf "%s=%.1f\n", n, ($12 + $13) / hz }' "/proc/$pid/stat"
  done
  local master
  master=$(pgrep -x postgres | while read -r pid; do tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null |
    grep -q -- "$BOREALIS_DATA" && echo "$pid"; done | head -1)
  # the server's own time and that of the backends it has reaped, plus the backends still running
  { [ -n "$master" ] && cat "/proc/$master/stat" 2>/dev/null; echo; [ -n "$master" ] && for pid in $(pgrep -P "$master"); do cat "/proc/$pid/stat" 2>/dev/null; done; } |
    awk -v hz="$hz" 'NF { sub(/^.*\) /, ""); t += $12 + $13 + (NR == 1 ? $14 + $15 : 0) } END { printf "pg-server=%.1f\n", t / hz }'
  # the benchmark's own curl and jq runs (children this shell has reaped)
  awk -v hz="$hz" '{ sub(/^.*\) /, ""); printf "harness=%.1f\n", ($14 + $15) / hz }' "/proc/$$/stat"
}

# cpu_used BEFORE AFTER: per process, the CPU seconds between two cpu_seconds readings, on one line.
cpu_used() {
  awk -F= 'NR == FNR { before[$1] = $2; next } { printf "%s %.1fs  ", $1, $2 - before[$1]; total += $2 - before[$1] }
    END { printf "total %.1fs\n", total }' <(echo "$1") <(echo "$2")
}
