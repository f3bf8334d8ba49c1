#!/usr/bin/env bash
# Allocation-cost benchmark of the local cluster (see docs/benchmarks.md, "Local cluster allocation cost").
#
#   bench/local-cluster/allocation-cost.sh [agents] [single-accepts] [tasks-per-accept]   (defaults 10000 200 10)
#
# Environment: BENCH_HEAP (default 2g); BENCH_NO_BUILD=1 reuses the last build; BENCH_JAVA_OPTS
# (extra JVM options, e.g. -XX:StartFlightRecording=filename=/tmp/alloc.jfr to profile it).
# Builds the module (tests compiled, not run), then runs the benchmark class from the test classes on
# the runnable jar's class path, like launch-rate.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  ./mvnw -o -B -q -pl local-cluster -am package -DskipTests
fi
# shellcheck disable=SC2086
exec java -Xmx"${BENCH_HEAP:-2g}" -XX:+UseParallelGC -Dcom.google.protobuf.use_unsafe_pre22_gencode=true \
  ${BENCH_JAVA_OPTS:-} \
  -Dloader.path=local-cluster/target/test-classes -Dloader.main=io.borealis.cluster.bench.AllocationCost \
  -cp local-cluster/target/local-cluster-0.1.0-SNAPSHOT-exec.jar \
  org.springframework.boot.loader.launch.PropertiesLauncher "$@"
