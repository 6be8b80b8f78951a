#!/usr/bin/env bash
# Throughput of a gochannel: route on memory: against the same route on plain Camel seda:, same run.
# Usage: scripts/bench-component.sh [events] [rounds]
exec "$(dirname "$0")/run-test-main.sh" io.gochannel.bench.ComponentRouteBenchmark "${1:-200000}" "${2:-3}"
