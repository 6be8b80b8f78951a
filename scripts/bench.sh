#!/usr/bin/env bash
# gochannel against plain Camel and each broker's own tool, in one run, and one Markdown table of the results with
# their ratios: throughput (memory:, Kafka, RabbitMQ quorum and classic, Redis, PostgreSQL, SQS on the emulator),
# send-to-receive latency (every provider at 500/s, 5,000/s and a high rate) and the routing app's footprint
# (start-up to health UP, resident memory idle and under load). The narrower benchmarks (component routes,
# middlewares, Select, metrics and tracing, outbox, inbox, the HTTP publish API) keep their own scripts.
#
# Usage: scripts/bench.sh [full|quick]
#   full (default): each benchmark's default sizes, about 40 minutes on 2 cores;
#   quick: small sizes and one round, to check that everything runs (figures are noisy).
# Linux (reads /proc). Uses the PostgreSQL, Redis and RabbitMQ on their default ports, starts a private Kafka
# broker and the SQS/SNS emulator. Each benchmark's own output goes to target/bench/<name>.log; the table to
# stdout and to target/bench/results.md. A benchmark that fails, times out or prints no result is listed above
# the table and its rows are marked; the others still run. Exit code 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
mode="${1:-full}"
out=target/bench
rm -rf "$out"
mkdir -p "$out"
commit="$(git rev-parse --short HEAD)$( [ -z "$(git status --porcelain)" ] || echo ' with local changes')"
started=$(date -u +%s)

echo "[bench.sh] building once (mvn install -DskipTests)" >&2
mvn -B -q -ntp -Dstyle.color=never -DskipTests install || exit 1
scripts/fetch-kafka-broker.sh >/dev/null || exit 1
scripts/start-fauxqs.sh 4566 >/dev/null || exit 1
export GOCHANNEL_BENCH_BUILT=true

# name|minutes allowed|command and arguments (no spaces inside an argument)
if [ "$mode" = quick ]; then
  runs=(
    "memory|10|scripts/bench-memory.sh 200000 1"
    "kafka|15|scripts/bench-kafka.sh 50000 1"
    "rabbitmq-quorum|10|scripts/bench-rabbitmq.sh 20000 1 quorum"
    "rabbitmq-classic|10|scripts/bench-rabbitmq.sh 20000 1 classic"
    "redis|10|scripts/bench-redis.sh 50000 1"
    "postgresql|10|scripts/bench-postgresql.sh 20000 1"
    "sqs|15|scripts/bench-sqs.sh 5000 1"
    "latency|30|scripts/bench-latency.sh memory,redis,rabbitmq,kafka,postgresql,sqs 500,high 5"
    "footprint|10|scripts/bench-footprint.sh 5"
  )
else
  runs=(
    "memory|15|scripts/bench-memory.sh"
    "kafka|30|scripts/bench-kafka.sh"
    "rabbitmq-quorum|20|scripts/bench-rabbitmq.sh 100000 3 quorum"
    "rabbitmq-classic|20|scripts/bench-rabbitmq.sh 100000 3 classic"
    "redis|15|scripts/bench-redis.sh"
    "postgresql|20|scripts/bench-postgresql.sh"
    "sqs|20|scripts/bench-sqs.sh"
    "latency|60|scripts/bench-latency.sh memory,redis,rabbitmq,kafka,postgresql,sqs 500,5000,high 20"
    "footprint|15|scripts/bench-footprint.sh 20"
  )
fi

failed=()
for run in "${runs[@]}"; do
  IFS='|' read -r name minutes command_line <<<"$run"
  read -r -a command <<<"$command_line"
  echo "[bench.sh] $name: ${command[*]}" >&2
  timeout --kill-after=30s "${minutes}m" "${command[@]}" >"$out/$name.log" 2>&1
  code=$?
  if [ $code -eq 124 ] || [ $code -eq 137 ]; then
    failed+=("$name: did not finish within $minutes minutes (see $out/$name.log)")
  elif [ $code -ne 0 ]; then
    failed+=("$name: exit code $code (see $out/$name.log)")
  elif ! grep -q '^RESULT	' "$out/$name.log"; then
    failed+=("$name: printed no result (see $out/$name.log)")
  fi
  [ $code -eq 0 ] || touch "$out/$name.failed"
done

{
  echo "scripts/bench.sh $mode, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit;"
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"\
    "$(awk '/^MemTotal:/{printf "%.1f", $2 / 1048576}' /proc/meminfo) GiB;"\
    "$(java -version 2>&1 | head -1); benchmarks, brokers and tools on the same cores;"\
    "$(( ($(date -u +%s) - started) / 60 )) minutes."
  echo
  for f in ${failed[@]+"${failed[@]}"}; do
    echo "- **FAILED** $f"
  done
  [ ${#failed[@]} -eq 0 ] || echo
  echo "| benchmark | measure | unit | gochannel | plain Camel or client | gochannel / plain | tool or limit | gochannel / tool |"
  echo "|---|---|---|---:|---|---:|---|---:|"
  for run in "${runs[@]}"; do
    name=${run%%|*}
    mark=""
    [ -f "$out/$name.failed" ] && mark=" (run failed)"
    grep -h '^RESULT	' "$out/$name.log" 2>/dev/null | awk -v mark="$mark" 'BEGIN { FS = OFS = "\t" } { $2 = $2 mark; print }'
  done | LC_ALL=C awk -F'\t' '
    function fig(v, unit,    s) {
      if (v == "-") return "-";
      if (unit == "ms") return sprintf("%.3f", v);
      if (unit == "s") return sprintf("%.2f", v);
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
  echo "or a size (ms, s, MiB). Latency rows marked \"fell behind\" measure a growing queue's age, not a latency."
  echo "Each benchmark's own output, with its rounds and details, is in $out/."
} | tee "$out/results.md"
[ ${#failed[@]} -eq 0 ]
