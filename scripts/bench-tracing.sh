#!/usr/bin/env bash
# What OpenTelemetry tracing costs against real brokers (a private Kafka, the RabbitMQ on 5672): confirmed
# sends and an acking receiver, tracing off against every span sampled and exported over OTLP/HTTP in batches,
# same run. Usage: scripts/bench-tracing.sh [events] [pairs] [kafka,rabbitmq]
set -euo pipefail
"$(dirname "$0")/fetch-kafka-broker.sh"
exec "$(dirname "$0")/run-test-main.sh" io.gochannel.bench.BrokerTracingBenchmark "${1:-50000}" "${2:-3}" "${3:-kafka,rabbitmq}"
