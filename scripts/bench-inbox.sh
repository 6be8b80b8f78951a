#!/usr/bin/env bash
# The inbox: events/s through Inbox.process + a handler that inserts a row and writes an outbox event, against the
# same handler and transaction without the inbox; same run, same database (test on 5432), events from memory:.
# Usage: scripts/bench-inbox.sh [events] [rounds]
set -euo pipefail
exec "$(dirname "$0")/run-test-main.sh" io.gochannel.bench.InboxBenchmark "${1:-20000}" "${2:-3}"
