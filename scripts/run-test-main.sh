#!/usr/bin/env bash
# Builds the project and runs a main class of a module's test sources (examples, benchmarks), in the module
# whose src/test/java holds it. Usage: scripts/run-test-main.sh <main class> [arguments...]
# GOCHANNEL_BENCH_BUILT=true skips the build (scripts/bench.sh builds once for every benchmark it runs).
set -euo pipefail
cd "$(dirname "$0")/.."
main_class="$1"
shift
source_file=$(find . -path ./.git -prune -o -path "*/src/test/java/${main_class//.//}.java" -print | head -1)
if [ -z "$source_file" ]; then
  echo "[run-test-main.sh] no module's src/test/java holds $main_class" >&2
  exit 2
fi
module=${source_file%%/src/test/java/*}
if [ "${GOCHANNEL_BENCH_BUILT:-}" != true ]; then
  mvn -B -q -ntp -Dstyle.color=never -DskipTests install
fi
mvn -B -q -ntp -Dstyle.color=never -pl "${module#./}" exec:java \
  -Dexec.classpathScope=test \
  -Dexec.mainClass="$main_class" \
  -Dexec.args="$*" \
  -Dgochannel.kafka.lib="$PWD/target/kafka-broker/lib" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dgochannel.log.level=warn
