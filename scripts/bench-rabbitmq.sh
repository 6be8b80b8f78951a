#!/usr/bin/env bash
# RabbitMQ: gochannel amqp:// against plain camel-spring-rabbitmq and RabbitMQ's PerfTest (the limit),
# same run, same broker (the one on 5672). Usage: scripts/bench-rabbitmq.sh [events] [rounds] [quorum|classic]
set -euo pipefail
cd "$(dirname "$0")/.."
lib=target/rabbitmq-perf-test/lib
if [ ! -f "$lib/.complete" ]; then
  rm -rf "$lib"
  mvn -B -q -ntp -Dstyle.color=never -f scripts/rabbitmq-perf-test/pom.xml dependency:copy-dependencies \
    -DoutputDirectory="$PWD/$lib" -DincludeScope=runtime
  touch "$lib/.complete"
fi
exec scripts/run-test-main.sh io.gochannel.bench.RabbitMqBenchmark "${1:-100000}" "${2:-3}" "$PWD/$lib" "${3:-quorum}"
