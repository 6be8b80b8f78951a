#!/usr/bin/env bash
# Send-to-receive latency per provider against plain Camel (or a plain client loop) on the same broker, same run:
# fire-and-forget sends at fixed rates, one receiver acking, p50/p99/p99.9/max from an HdrHistogram.
# Starts a private Kafka broker and the SQS/SNS emulator; uses the PostgreSQL, Redis and RabbitMQ on their
# default ports. Usage: scripts/bench-latency.sh [providers] [rates] [seconds]
#   e.g. scripts/bench-latency.sh memory,redis,rabbitmq,kafka,postgresql,sqs 500,5000,high 20
# A rate is events a second, or "high": per provider about the highest rate gochannel kept up with here
# (LatencyBenchmark.rateOf).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fetch-kafka-broker.sh >/dev/null
scripts/start-fauxqs.sh 4566 >/dev/null
exec scripts/run-test-main.sh io.gochannel.bench.LatencyBenchmark \
  "${1:-memory,redis,rabbitmq,kafka,postgresql,sqs}" "${2:-500,5000,high}" "${3:-20}"
