#!/usr/bin/env bash
# Requests per second of the app's POST /topics/{topic} against a plain platform-http → seda: route,
# same embedded server, same run. Usage: scripts/bench-http.sh [requests] [rounds]
exec "$(dirname "$0")/run-test-main.sh" io.gochannel.app.bench.HttpPublishBenchmark "${1:-20000}" "${2:-3}"
