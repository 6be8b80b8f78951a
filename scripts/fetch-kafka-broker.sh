#!/usr/bin/env bash
# Puts the class path of a real Kafka broker (KRaft, no Docker) in target/kafka-broker/lib, for the
# Kafka tests and benchmarks, which start broker processes of their own from it, and Kafka's load tools for
# scripts/bench-kafka.sh. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
lib=target/kafka-broker/lib
if [ -f "$lib/.complete" ] && compgen -G "$lib/kafka-tools-[0-9]*.jar" >/dev/null; then
  exit 0
fi
rm -rf "$lib"
mvn -B -q -ntp -Dstyle.color=never -f scripts/kafka-broker/pom.xml dependency:copy-dependencies \
  -DoutputDirectory="$PWD/$lib" -DincludeScope=runtime
touch "$lib/.complete"
