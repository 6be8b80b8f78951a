#!/usr/bin/env bash
# Builds the project and runs a main class of a module's test sources (examples, benchmarks).
# Usage: [MODULE=routing-app] scripts/run-test-main.sh <main class> [arguments...]
# (MODULE defaults to camel-gochannel-component.)
set -euo pipefail
cd "$(dirname "$0")/.."
main_class="$1"
shift
mvn -B -q -ntp -Dstyle.color=never -DskipTests install
mvn -B -q -ntp -Dstyle.color=never -pl "${MODULE:-camel-gochannel-component}" exec:java \
  -Dexec.classpathScope=test \
  -Dexec.mainClass="$main_class" \
  -Dexec.args="$*" \
  -Dgochannel.kafka.lib="$PWD/target/kafka-broker/lib" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
