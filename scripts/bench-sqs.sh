#!/usr/bin/env bash
# SQS on the emulator (fauxqs, started if needed): gochannel sqs:// against plain camel-aws2-sqs (single
# sends, sendBatchMessage, a consumer route) and the bare SDK's pipelined batches (the limit), same run.
# Usage: scripts/bench-sqs.sh [events] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/start-fauxqs.sh 4566
exec scripts/run-test-main.sh io.gochannel.bench.SqsBenchmark "${1:-20000}" "${2:-3}"
