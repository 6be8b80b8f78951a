#!/usr/bin/env bash
# Kafka throughput through gochannel against plain camel-kafka and Kafka's own perf tools
# (kafka-producer-perf-test, kafka-consumer-perf-test), same run, same (private) broker.
# Usage: scripts/bench-kafka.sh [events] [rounds]
set -euo pipefail
"$(dirname "$0")/fetch-kafka-broker.sh"
exec "$(dirname "$0")/run-test-main.sh" io.gochannel.bench.KafkaBenchmark "${1:-200000}" "${2:-3}"
