#!/usr/bin/env bash
# Launch-rate benchmark of the local cluster (see docs/benchmarks.md, "Local cluster launch rate").
#
#   bench/local-cluster/launch-rate.sh [real|simulated] [tasks] [agents] [each|teardown] [launch-threads] [rounds]
#
#   bench/local-cluster/launch-rate.sh real 1000                 # 1,000 real `sleep 60` processes on 4 agents,
#                                                                # 3 rounds: 2 warm-up, the last is the steady rate
#   bench/local-cluster/launch-rate.sh simulated 100000 1000     # 100,000 tasks on 1,000 simulated agents
#
# Environment: BENCH_HEAP (default 2g); BENCH_NO_BUILD=1 reuses the last build;
# BENCH_LAUNCH_MECHANISM (default VFORK, what `java -jar` of the cluster uses; POSIX_SPAWN is the
# JDK default, what an in-process cluster in another module's tests uses).
# Builds the module offline (tests compiled, not run), then runs the benchmark class from the test
# classes on the runnable jar's class path (the offline repository lacks the exec/dependency plugins).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  ./mvnw -o -q -pl local-cluster package -DskipTests
fi
exec java -Xmx"${BENCH_HEAP:-2g}" -XX:+UseParallelGC -Dcom.google.protobuf.use_unsafe_pre22_gencode=true \
  -Djdk.lang.Process.launchMechanism="${BENCH_LAUNCH_MECHANISM:-VFORK}" \
  -Dloader.path=local-cluster/target/test-classes -Dloader.main=io.borealis.cluster.bench.LaunchRate \
  -cp local-cluster/target/local-cluster-0.1.0-SNAPSHOT-exec.jar \
  org.springframework.boot.loader.launch.PropertiesLauncher "$@"
