#!/usr/bin/env bash
# Throughput of memory: against plain Camel seda:, same run. Usage: scripts/bench-memory.sh [events] [rounds]
exec "$(dirname "$0")/run-test-main.sh" io.gochannel.bench.MemoryThroughputBenchmark "${1:-1000000}" "${2:-3}"
