#!/usr/bin/env bash
# The transactional outbox: writes against plain inserts, the relay to memory: and Kafka against plain Camel
# with camel-sql; same run, same database (test on 5432), a private Kafka broker. Usage: scripts/bench-outbox.sh [events]
set -euo pipefail
"$(dirname "$0")/fetch-kafka-broker.sh"
exec "$(dirname "$0")/run-test-main.sh" io.gochannel.bench.OutboxBenchmark "${1:-50000}"
