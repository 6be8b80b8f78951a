#!/usr/bin/env bash
# Select over two channels against a plain receive on one, same run. Usage: scripts/bench-select.sh [values] [pairs]
exec "$(dirname "$0")/run-test-main.sh" io.gochannel.bench.SelectBenchmark "${1:-5000000}" "${2:-7}"
