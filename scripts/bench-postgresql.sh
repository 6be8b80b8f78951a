#!/usr/bin/env bash
# PostgreSQL queue: gochannel postgresql:// against plain Camel with camel-sql and pgbench (the limit),
# same run, same database (test on 5432). Usage: scripts/bench-postgresql.sh [events] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/run-test-main.sh io.gochannel.bench.PostgresBenchmark "${1:-50000}" "${2:-3}"
