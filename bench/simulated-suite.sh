# Sourced by the bench scripts that run the real suite on simulated agents (not run by itself):
#   simulated_suite NAME PORT_BASE AGENTS
# makes a fresh BOREALIS_DATA (mktemp, borealis-NAME.XXXXXX), puts the suite's 7 ports at
# PORT_BASE..PORT_BASE+6 (gateway, admin, job, scheduler, update, cluster, database), turns CDS off,
# starts local-cluster in simulated mode with AGENTS agents, gives every JVM -Xmx1g (unless
# BOREALIS_JAVA_OPTS is set), sets API to the gateway's /api/v1 and installs an EXIT trap that runs
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
  export BOREALIS_JAVA_OPTS=${BOREALIS_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xms32m -Xmx1g -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=64m -Dspring.main.banner-mode=off}
  API=http://127.0.0.1:$BOREALIS_GATEWAY_PORT/api/v1
  trap simulated_suite_cleanup EXIT
  trap 'exit 130' INT TERM
}

simulated_suite_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  echo "== cleanup: deploy/local/down"
  "$ROOT/deploy/local/down" || true
  if [ "${BENCH_KEEP_DATA:-no}" = yes ]; then echo "data kept in $BOREALIS_DATA"; else rm -rf "$BOREALIS_DATA"; fi
  exit "$rc"
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
