#!/usr/bin/env bash
# Throughput of memory: against plain Camel seda:, same run. Usage: scripts/bench-memory.sh [events] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -Dstyle.color=never -DskipTests install
mvn -B -q -ntp -Dstyle.color=never -pl camel-gochannel-component exec:java \
  -Dexec.classpathScope=test \
  -Dexec.mainClass=io.gochannel.bench.MemoryThroughputBenchmark \
  -Dexec.args="${1:-1000000} ${2:-3}" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
