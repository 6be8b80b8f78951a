#!/usr/bin/env bash
# The routing app's footprint: start-up time to health UP, resident memory after 10 s idle and under load
# (64 POST /topics/{topic} in flight), the packaged jar on the embedded default (memory:) with the heap the
# container gets under deploy/'s memory limit. Usage: scripts/bench-footprint.sh [seconds of load]
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/run-test-main.sh io.gochannel.bench.FootprintBenchmark "$PWD/routing-app/target/gochannel-routing-app.jar" \
  "${1:-20}"
