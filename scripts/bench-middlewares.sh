#!/usr/bin/env bash
# What a receive stack of middlewares costs on memory:, against plain Camel seda: with a dead letter
# channel, same run. Usage: scripts/bench-middlewares.sh [events] [rounds]; -Dstack=a,b picks a part.
exec "$(dirname "$0")/run-test-main.sh" io.gochannel.bench.MiddlewareBenchmark "${1:-500000}" "${2:-3}"
