#!/usr/bin/env bash
# Every benchmark of gochannel against plain Camel and each broker's own tool, in one run, and one Markdown
# table of the results with their ratios: throughput (memory:, Kafka, RabbitMQ quorum and classic, Redis,
# PostgreSQL, SQS on the emulator), send-to-receive latency (every provider at 500/s, 5,000/s and a high rate)
# and the routing app's footprint (start-up to health UP, resident memory idle and under load).
#
# Usage: scripts/bench.sh [full|quick]
#   full (default): each benchmark's default sizes, about 35 minutes on 2 cores;
#   quick: small sizes and one round, a few minutes, to check that everything runs (figures are noisy).
# Uses the PostgreSQL, Redis and RabbitMQ on their default ports, starts a private Kafka broker and the
# SQS/SNS emulator. Each benchmark's own output goes to target/bench/<name>.log; the table to stdout and to
# target/bench/results.md. A benchmark that fails is named in the table; the others still run.
set -uo pipefail
cd "$(dirname "$0")/.."
mode="${1:-full}"
out=target/bench
rm -rf "$out"
mkdir -p "$out"

echo "[bench.sh] building once (mvn install -DskipTests)" >&2
mvn -B -q -ntp -Dstyle.color=never -DskipTests install || exit 1
scripts/fetch-kafka-broker.sh >/dev/null || exit 1
scripts/start-fauxqs.sh 4566 >/dev/null || exit 1
export GOCHANNEL_BENCH_BUILT=true

if [ "$mode" = quick ]; then
  runs=(
    "memory|scripts/bench-memory.sh 200000 1"
    "kafka|scripts/bench-kafka.sh 50000 1"
    "rabbitmq-quorum|scripts/bench-rabbitmq.sh 20000 1 quorum"
    "rabbitmq-classic|scripts/bench-rabbitmq.sh 20000 1 classic"
    "redis|scripts/bench-redis.sh 50000 1"
    "postgresql|scripts/bench-postgresql.sh 20000 1"
    "sqs|scripts/bench-sqs.sh 5000 1"
    "latency|scripts/bench-latency.sh memory,redis,rabbitmq,kafka,postgresql,sqs 500,high 5"
    "footprint|scripts/bench-footprint.sh 5"
  )
else
  runs=(
    "memory|scripts/bench-memory.sh"
    "kafka|scripts/bench-kafka.sh"
    "rabbitmq-quorum|scripts/bench-rabbitmq.sh 100000 3 quorum"
    "rabbitmq-classic|scripts/bench-rabbitmq.sh 100000 3 classic"
    "redis|scripts/bench-redis.sh"
    "postgresql|scripts/bench-postgresql.sh"
    "sqs|scripts/bench-sqs.sh"
    "latency|scripts/bench-latency.sh memory,redis,rabbitmq,kafka,postgresql,sqs 500,5000,high 20"
    "footprint|scripts/bench-footprint.sh 20"
  )
fi

failed=()
started=$(date -u +%s)
for run in "${runs[@]}"; do
  name=${run%%|*}
  command=${run#*|}
  echo "[bench.sh] $name: $command" >&2
  $command >"$out/$name.log" 2>&1
  code=$?
  if [ $code -ne 0 ]; then
    failed+=("$name (exit code $code, see $out/$name.log)")
  fi
done

{
  echo "scripts/bench.sh $mode, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' with local changes');"
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/^Mem:/{print $2}') GiB;"
  echo "$(java -version 2>&1 | head -1); benchmarks, brokers and tools on the same cores; $(( ($(date -u +%s) - started) / 60 )) minutes."
  echo
  echo "| benchmark | measure | unit | gochannel | plain Camel or client | gochannel / plain | broker's tool | gochannel / tool |"
  echo "|---|---|---|---:|---|---:|---|---:|"
  for run in "${runs[@]}"; do
    name=${run%%|*}
    grep -h '^RESULT	' "$out/$name.log" 2>/dev/null
  done | awk -F'\t' '
    function fig(v, unit) {
      if (v == "-") return "-";
      if (unit == "ms" || unit == "s") return sprintf("%.2f", v);
      s = sprintf("%.0f", v);
      while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s);
      return s;
    }
    function ratio(a, b) { return (a == "-" || b == "-" || b + 0 == 0) ? "-" : sprintf("%.2f", a / b); }
    {
      plain = ($6 == "-") ? "-" : fig($7, $4) " (" $6 ")";
      tool = ($8 == "-") ? "-" : fig($9, $4) " (" $8 ")";
      printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $2, $3, $4, fig($5, $4), plain, ratio($5, $7), tool, ratio($5, $9);
    }'
  echo
  echo "Ratios are gochannel over the other side: above 1 is better for a rate (events/s, msg/s), below 1 for a time"
  echo "(ms, s). Each benchmark's own output, with its rounds and details, is in $out/."
  for f in "${failed[@]}"; do
    echo "- FAILED: $f"
  done
} | tee "$out/results.md"
[ ${#failed[@]} -eq 0 ]
