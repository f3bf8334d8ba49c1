#!/usr/bin/env bash
# Scheduler failover benchmark (issue 3): the real suite with TWO scheduler-service instances
# (deploy/local/up --schedulers 2) on simulated agents, JOBS x INSTANCES tasks RUNNING (the
# whole-path workload), then the leader is killed with SIGKILL and the standby is timed, from the
# times in its health component "reconciliation", to
#   - lead and subscribe: the round's startedAt (set when SUBSCRIBED arrives);
#   - reconcile: the round's completedAt, i.e. every non-terminal task has a status from the master
#     newer than the round.
# It also checks that the failover restarted nothing: the same number of tasks RUNNING, no new
# task created. Then it stops the suite and removes the data dir.
#
#   bench/failover.sh [jobs] [instances] [agents]      defaults: 1000 100 10000
#
# Environment: BENCH_PORT_BASE (default 24500; the suite takes BASE..BASE+6 and BASE+13),
# BENCH_TIMEOUT (seconds to wait for RUNNING, default 1200), BENCH_PARALLEL (concurrent
# submissions, default 4), BENCH_KEEP_DATA=yes, BOREALIS_JAVA_OPTS, BENCH_JFR=dir (a JFR profile of
# the standby and of local-cluster from just before the kill until reconciled, written to dir).
# Needs curl and jq. Not a test: nothing under src/test runs it. Numbers: docs/benchmarks.md.
set -euo pipefail

JOBS=${1:-1000}
INSTANCES=${2:-100}
AGENTS=${3:-10000}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE=${BENCH_PORT_BASE:-24500}
TIMEOUT=${BENCH_TIMEOUT:-1200}

# shellcheck source=bench/simulated-suite.sh
. "$ROOT/bench/simulated-suite.sh"
simulated_suite failover "$BASE" "$AGENTS"
SPECS=$BOREALIS_DATA/bench-specs
total=$((JOBS * INSTANCES))
sched_url() { echo "http://127.0.0.1:$(( BOREALIS_SCHEDULER_PORT + 10 * ($1 - 1) ))"; }
sched_name() { [ "$1" = 1 ] && echo scheduler-service || echo "scheduler-service-$1"; }
role_of() { curl -sf -m 5 "$(sched_url "$1")/api/v1/cluster/leader" | jq -r '.role' 2>/dev/null || echo "?"; }
health() { curl -s -m 5 "$(sched_url "$1")/actuator/health" 2>/dev/null || echo '{}'; }
created_tasks() { # all tasks ever created, by status sum (a restart would add some)
  curl -sf -m 30 "$(sched_url "$1")/api/v1/tasks/counts" | jq '[.[] | to_entries[] | .value] | add // 0' 2>/dev/null || echo -1
}

echo "== failover: $JOBS jobs x $INSTANCES instances = $total tasks on $AGENTS simulated agents, 2 schedulers"
echo "   data $BOREALIS_DATA, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$ROOT/deploy/local/up" --schedulers 2

bench_specs "$SPECS" "$JOBS" "$INSTANCES"
cpu_start=$(cpu_seconds)
start=$(now_ms)
submit_specs "$SPECS" || { echo "failover: a submission failed" >&2; exit 1; }
echo "   submitted in $(( $(now_ms) - start )) ms"
await_all_running "$total" "$TIMEOUT" "$start" || { echo "failover: the tasks did not all run" >&2; exit 1; }
all_ms=$(( $(now_ms) - start ))
echo "   all $total RUNNING after $(( all_ms / 1000 )) s ($(( total * 1000 / all_ms )) tasks/s)"
echo "   CPU used meanwhile: $(cpu_used "$cpu_start" "$(cpu_seconds)")"

leader=0
for n in 1 2; do [ "$(role_of "$n")" = LEADER ] && leader=$n; done
[ "$leader" = 0 ] && { echo "failover: no leader found" >&2; exit 1; }
standby=$(( 3 - leader ))
before=$(created_tasks "$leader")
pid=$(tr -dc '0-9' < "$BOREALIS_DATA/run/$(sched_name "$leader").pid")
echo "   leader: instance $leader (pid $pid), standby: instance $standby; $before tasks on record"

if [ -n "${BENCH_JFR:-}" ]; then
  mkdir -p "$BENCH_JFR"
  jfr_pids="$(tr -dc '0-9' < "$BOREALIS_DATA/run/$(sched_name "$standby").pid") $(tr -dc '0-9' < "$BOREALIS_DATA/run/local-cluster.pid")"
  for p in $jfr_pids; do jcmd "$p" JFR.start name=failover settings=profile filename="$BENCH_JFR/$p.jfr" >/dev/null; done
fi
status_delivery_report "at the kill"
cpu_kill=$(cpu_seconds)
killed=$(now_ms)
kill -9 "$pid"
lead_ms=-1
reconciled_ms=-1
# The standby's health component "reconciliation" holds its round: startedAt is the moment of its
# SUBSCRIBED, completedAt the moment the last task answered (server clock = this machine's clock).
# So the times come from the service itself and the loop only has to notice completion: one curl a
# second, no jq (polling with curl and jq ten times a second cost about 4 s of CPU during a takeover).
at_ms() { echo $(( $(date -d "$1" +%s%N) / 1000000 )); }
while [ $(( $(now_ms) - killed )) -lt 120000 ]; do
  h=$(health "$standby")
  if [[ "$h" == *'"completedAt"'* ]]; then
    details=$(jq -c '.components.reconciliation.details' <<<"$h")
    lead_ms=$(( $(at_ms "$(jq -r '.startedAt' <<<"$details")") - killed ))
    reconciled_ms=$(( $(at_ms "$(jq -r '.completedAt' <<<"$details")") - killed ))
    echo "   CPU used from the kill until reconciled (and up to 1 s more): $(cpu_used "$cpu_kill" "$(cpu_seconds)")"
    echo "   instance $standby subscribed after $lead_ms ms, reconciled after $reconciled_ms ms: $details"
    status_delivery_report "when reconciled"
    break
  fi
  sleep 1
done
if [ -n "${BENCH_JFR:-}" ]; then
  for p in $jfr_pids; do jcmd "$p" JFR.stop name=failover >/dev/null || true; done
  echo "   profiles: $BENCH_JFR"
fi
running_after=$(running_tasks "$(sched_url "$standby")/api/v1")
after=$(created_tasks "$standby")
pid2=$(tr -dc '0-9' < "$BOREALIS_DATA/run/$(sched_name "$standby").pid")
echo "RESULT tasks=$total agents=$AGENTS takeover=${lead_ms}ms reconciled=${reconciled_ms}ms" \
  "running_after=$running_after tasks_on_record_before=$before after=$after" \
  "new_leader_rss=$(( $(ps -o rss= -p "$pid2" | tr -dc '0-9') / 1024 ))MiB heap: $(heap_of "$pid2")" \
  "load=$(cut -d' ' -f1-3 /proc/loadavg)"
