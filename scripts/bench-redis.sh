#!/usr/bin/env bash
# Redis Streams: gochannel redis:// against plain Spring Data Redis (one command at a time) and
# redis-benchmark XADD with and without pipelining (the publish limit) and a pipelined XREADGROUP + XACK loop on
# one connection of the same client (the consume limit), same run, same Redis (the one on 6379).
# Usage: scripts/bench-redis.sh [events] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/run-test-main.sh io.gochannel.bench.RedisBenchmark "${1:-100000}" "${2:-3}"
