#!/usr/bin/env bash
# Rolling-update benchmark (issue 5): the real suite (deploy/local/up) on its own data dir and port
# block, local-cluster in simulated mode (no processes; tasks go RUNNING at once), one job of
# INSTANCES instances submitted through the gateway, then
#   1. a good update (strategy BATCH, batch BATCH, watch WATCH s): total time, the ideal and the
#      overhead beyond it, all from the update's own per-instance events and the scheduler's task
#      events (method in docs/benchmarks.md, "Rolling update");
#   2. a failing update (the new version's simulated tasks fail: BOREALIS_SIMULATE, see
#      local-cluster/README.md) with maxFailedInstances FAIL_MAX: the time from the failure threshold
#      being crossed to the rollback starting.
# Then it stops the suite and removes the data dir.
#
#   bench/update-rollout.sh [instances] [batch] [watch-secs]      defaults: 1000 50 10
#
# Environment: BENCH_PORT_BASE (first port of a free block of 10, default 24300), BENCH_AGENTS
# (simulated agents, default 100), BENCH_FAIL_MAX (maxFailedInstances of the failing update,
# default 0), BENCH_FAIL (BOREALIS_SIMULATE value of the failing version, default "fail"),
# BENCH_SKIP_GOOD=yes (only the failing update), BENCH_KEEP_DATA=yes (keep the data dir),
# BOREALIS_JAVA_OPTS (default: the suite's options with -Xmx1g instead of -Xmx256m).
# Needs curl, jq and python3. Not a test: nothing under src/test runs it.
set -euo pipefail

INSTANCES=${1:-1000}
BATCH=${2:-50}
WATCH=${3:-10}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE=${BENCH_PORT_BASE:-24300}
AGENTS=${BENCH_AGENTS:-100}
FAIL_MAX=${BENCH_FAIL_MAX:-0}
FAIL=${BENCH_FAIL:-fail}

# shellcheck source=bench/simulated-suite.sh
. "$ROOT/bench/simulated-suite.sh"
simulated_suite update-rollout "$BASE" "$AGENTS"
JOB=bench/prod/roll
WORK=$BOREALIS_DATA/bench

spec() { # release [simulate] -> the job spec
  local env='{"RELEASE":"'$1'"}'
  [ -n "${2:-}" ] && env='{"RELEASE":"'$1'","BOREALIS_SIMULATE":"'$2'"}'
  cat <<EOF
{"key":{"role":"bench","environment":"prod","name":"roll"},"instances":$INSTANCES,"kind":"SERVICE",
 "task":{"command":"sleep 3600","env":$env,"resources":{"cpus":0.01,"ramMb":16,"diskMb":8,"ports":[]},
  "constraints":[],"tier":"preferred","priority":0,"production":false,"maxTaskFailures":1,"killGracePeriodSecs":1}}
EOF
}

running_on() { # version -> RUNNING tasks of the job on that config version (any version when empty)
  curl -sf -m 30 "$API/jobs/$JOB/tasks" |
    jq --arg v "$1" '[.[] | select(.status == "RUNNING" and ($v == "" or .configVersion == $v))] | length' 2>/dev/null || echo -1
}

await_running() { # version timeout-secs
  local t0 r last=-2
  t0=$(now_ms)
  while :; do
    r=$(running_on "$1")
    [ "$r" != "$last" ] && echo "   +$(( ($(now_ms) - t0) / 1000 )) s: $r / $INSTANCES RUNNING" && last=$r
    [ "$r" -ge "$INSTANCES" ] && return 0
    [ $(( ($(now_ms) - t0) / 1000 )) -ge "$2" ] && { echo "   timeout after $2 s" >&2; return 1; }
    sleep 1
  done
}

# run_update name settings-json release [simulate] : starts it, waits until terminal, saves the JSON
run_update() {
  local name=$1 settings=$2 body id status t0 events_pid
  body=$(jq -n --argjson spec "$(spec "$3" "${4:-}")" --argjson settings "$settings" \
    '{spec: $spec, settings: $settings, message: "bench"}')
  # the job's task events from now on (the scheduler's stream): every failure, whatever the task list keeps
  : > "$WORK/$name-events.txt"
  curl -sN -m 3600 "$API/tasks/events?job=$JOB" > "$WORK/$name-events.txt" 2>/dev/null &
  events_pid=$!
  for _ in $(seq 100); do grep -q subscribed "$WORK/$name-events.txt" && break; sleep 0.1; done
  t0=$(now_ms)
  id=$(curl -sf -m 60 -H "Content-Type: application/json" --data-binary "$body" "$API/jobs/$JOB/updates" | jq -r .id)
  echo "   update $id started"
  status=
  : > "$WORK/$name-failures.txt"
  while :; do
    status=$(curl -sf -m 30 "$API/updates/$id" | jq -r .status 2>/dev/null || echo "?")
    case "$status" in ROLLED_FORWARD|ROLLED_BACK|ABORTED|FAILED|ERROR) break ;; esac
    [ $(( ($(now_ms) - t0) / 1000 )) -ge 1800 ] && { echo "   not finished after 1800 s" >&2; break; }
    if [ "$name" = failing ] && [ "$status" = ROLLING_FORWARD ]; then
      # the job's task list keeps only the 20 newest terminal tasks: note each failure as it appears
      curl -sf -m 30 "$API/jobs/$JOB/tasks" | jq -r --arg v "$(curl -sf -m 30 "$API/updates/$id" | jq -r .targetVersion)" \
        '.[] | select(.configVersion == $v) | .instance as $i | .events[]? | select(.status == "FAILED" or .status == "LOST" or .status == "ERROR") | "\($i) \(.time)"' \
        >> "$WORK/$name-failures.txt" 2>/dev/null || true
      sleep 0.2
    else
      sleep 2
    fi
  done
  kill "$events_pid" 2>/dev/null || true
  echo "   update $id: $status after $(( ($(now_ms) - t0) / 1000 )) s (client side)"
  curl -sf -m 60 "$API/updates/$id" > "$WORK/$name-update.json"
  curl -sf -m 60 "$API/jobs/$JOB/tasks" > "$WORK/$name-tasks.json"
}

echo "== update rollout: $INSTANCES instances on $AGENTS simulated agents, batch $BATCH, watch ${WATCH}s"
echo "   data $BOREALIS_DATA, ports $BASE..$((BASE + 6)), load $(cut -d' ' -f1-3 /proc/loadavg)"
"$ROOT/deploy/local/up"
mkdir -p "$WORK"

code=$(curl -s -m 120 -o /dev/null -w "%{http_code}" -H "Content-Type: application/json" \
  --data-binary "$(spec 1)" "$API/jobs")
case $code in 2??) ;; *) echo "update-rollout: creating the job answered HTTP $code" >&2; exit 1 ;; esac
echo "== $INSTANCES instances of release 1"
await_running "" 900

settings() { # max-failed
  echo '{"batchSize":'"$BATCH"',"strategy":"BATCH","watchSecs":'"$WATCH"',"maxPerInstanceFailures":0,
    "maxFailedInstances":'"$1"',"rollbackOnFailure":true,"progressDeadlineSecs":600}'
}

if [ "${BENCH_SKIP_GOOD:-no}" != yes ]; then
  echo "== good update: release 2"
  run_update good "$(settings 0)" 2
fi
echo "== failing update: release 3 with BOREALIS_SIMULATE=$FAIL, maxFailedInstances $FAIL_MAX"
run_update failing "$(settings "$FAIL_MAX")" 3 "$FAIL"

python3 - "$WORK" "$WATCH" "$FAIL_MAX" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, os, sys
from datetime import datetime

work, watch, fail_max, load = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]

def t(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()

def load_pair(name):
    with open(os.path.join(work, name + "-update.json")) as f:
        update = json.load(f)
    with open(os.path.join(work, name + "-tasks.json")) as f:
        tasks = json.load(f)
    return update, tasks

def first(task, status):
    times = [t(e["time"]) for e in task.get("events") or [] if e.get("status") == status and e.get("time")]
    return min(times) if times else None

if os.path.exists(os.path.join(work, "good-update.json")):
    update, tasks = load_pair("good")
    target = update["targetVersion"]
    events = update["events"]
    created = min(t(e["at"]) for e in events)
    finished = max(t(e["at"]) for e in events if e.get("status") == update["status"])
    running = {}
    for task in tasks:
        if task["configVersion"] == target:
            r = first(task, "RUNNING")
            if r is not None:
                running[task["instance"]] = min(r, running.get(task["instance"], r))
    batches = {}
    updated = {}
    for e in events:
        if e.get("action") == "INSTANCE_UPDATING":
            batch = int(e["message"].split()[-1])
            batches.setdefault(batch, []).append((e["instance"], t(e["at"])))
        elif e.get("action") == "INSTANCE_UPDATED":
            updated[e["instance"]] = t(e["at"])
    ideal = 0.0
    rows = []
    late_total = gap_total = 0.0
    previous_done = created
    for b in sorted(batches):
        members = batches[b]
        start = min(at for _, at in members)
        up = max(running[i] for i, _ in members)
        done = max(updated[i] for i, _ in members)
        kill_start = up - start
        ideal += kill_start + watch
        late = done - (up + watch)          # watch ended -> instance recorded UPDATED
        gap = start - previous_done         # previous batch recorded done -> this batch recorded started
        late_total += late
        gap_total += gap
        previous_done = done
        rows.append((b, len(members), kill_start, late, gap))
    tail = finished - previous_done
    total = finished - created
    overhead = total - ideal
    print("RESULT good update: status=%s instances=%d batches=%d watch=%gs" % (update["status"], len(updated), len(batches), watch))
    for b, n, ks, late, gap in rows:
        print("   batch %2d: %3d instances, kill+start %6.3f s, watch end -> UPDATED %6.3f s, gap before start %6.3f s" % (b, n, ks, late, gap))
    print("RESULT total=%.3fs ideal=%.3fs (kill+start %.3fs + watch %.0fs) overhead=%.3fs = %.2f %% of ideal "
          "(late UPDATED %.3fs, gaps between batches %.3fs, last UPDATED -> %s %.3fs) load=%s"
          % (total, ideal, ideal - watch * len(batches), watch * len(batches), overhead, 100 * overhead / ideal,
             late_total, gap_total, update["status"], tail, load))

update, tasks = load_pair("failing")
target = update["targetVersion"]
failed_at = {}
def failure(instance, at):
    failed_at[instance] = min(at, failed_at.get(instance, at))
for task in tasks:
    if task["configVersion"] == target:
        for e in task.get("events") or []:
            if e.get("status") in ("FAILED", "LOST", "ERROR") and e.get("time"):
                failure(task["instance"], t(e["time"]))
with open(os.path.join(work, "failing-failures.txt")) as f:
    for line in f:
        instance, at = line.split()
        failure(int(instance), t(at))
with open(os.path.join(work, "failing-events.txt")) as f:
    for line in f:
        if line.startswith("data:"):
            e = json.loads(line[5:])
            if e.get("configVersion") == target and e.get("status") in ("FAILED", "LOST"):
                failure(e["instance"], t(e["time"]))
order = sorted(failed_at.values())
statuses = [(t(e["at"]), e["status"]) for e in update["events"] if e.get("status")]
rolling_back = [at for at, s in statuses if s == "ROLLING_BACK"]
first_back = [t(e["at"]) for e in update["events"] if e.get("action") == "INSTANCE_ROLLING_BACK"]
finished = max(at for at, s in statuses)
if len(order) <= fail_max or not rolling_back:
    print("RESULT failing update: status=%s, %d instances failed, no rollback to measure" % (update["status"], len(order)))
else:
    crossed = order[fail_max]
    print("RESULT failing update: status=%s failed instances observed=%d threshold crossed (instance #%d failed) -> "
          "ROLLING_BACK %.0f ms, -> first INSTANCE_ROLLING_BACK %.0f ms; rolled back %d instance(s) in %.3f s load=%s"
          % (update["status"], len(order), fail_max + 1, 1000 * (rolling_back[0] - crossed),
             1000 * ((min(first_back) if first_back else float("nan")) - crossed), len(first_back),
             finished - rolling_back[0], load))
PY
