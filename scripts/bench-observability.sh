#!/usr/bin/env bash
# memory: throughput with metrics and tracing off, metrics on, both on; same run. Usage: scripts/bench-observability.sh [events] [pairs]
exec "$(dirname "$0")/run-test-main.sh" io.gochannel.bench.ObservabilityBenchmark "${1:-1000000}" "${2:-5}"
