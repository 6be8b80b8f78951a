#!/usr/bin/env bash
# The scale-out run, larger than CI's: three routing-app processes share a consumer group on each
# provider, one is killed with SIGKILL mid-stream, a replacement starts; prints and writes
# routing-app/target/scale-out/<provider>.txt (processed, lost, duplicated, hand-over time).
# Usage: scripts/scale-out.sh [events per second] [seconds] [providers, comma-separated]
# (CI runs 100 a second for 24 s on kafka,amqp,redis,postgresql,sns.) Needs the brokers test.sh starts.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fetch-kafka-broker.sh
scripts/start-fauxqs.sh 4566
mvn -B -q -ntp install -DskipTests
exec mvn -B -ntp verify -pl routing-app -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ScaleOutIT \
  -Dgochannel.scaleout.rate="${1:-500}" -Dgochannel.scaleout.seconds="${2:-90}" \
  -Dgochannel.scaleout.providers="${3:-kafka,amqp,redis,postgresql,sns}"
