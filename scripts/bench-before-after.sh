#!/usr/bin/env bash
# Runs a benchmark main of a module's test sources on an earlier commit and on the working tree,
# interleaved in one run (before, after, before, after, ...), and prints the median of each side: the
# way to show a change is no slower. Usage:
#   scripts/bench-before-after.sh <commit> <main class> <rounds> [benchmark arguments...]
# Each JVM runs the benchmark with its own arguments and reports its best round; the pairs are the
# rounds whose median is taken. Only result rows (| load | ours | theirs | ratio |) are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
base="$1"; main_class="$2"; pairs="$3"; shift 3
before="$PWD/target/before-$(git rev-parse --short "$base")"
if [ ! -d "$before" ]; then
  git worktree add -q --detach "$before" "$base"
fi
classpath() { # <tree>: the test class path of the module holding the main class there
  local source module
  source=$(cd "$1" && find . -path ./.git -prune -o -path "*/src/test/java/${main_class//.//}.java" -print | head -1)
  module=${source%%/src/test/java/*}; module=${module#./}
  # Built in one reactor, without installing: the module's siblings (the core, the kit) are their own tree's
  # target/classes, never jars of the shared local repository, which the other tree's build would overwrite.
  (cd "$1" && mvn -B -q -ntp -Dstyle.color=never -DskipTests -Dspotless.check.skip -pl "$module" -am test-compile \
      dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$1/target/bench-classpath.txt" >/dev/null)
  echo "$1/$module/target/test-classes:$1/$module/target/classes:$(cat "$1/target/bench-classpath.txt")"
}
cp_before=$(classpath "$before")
cp_after=$(classpath "$PWD")
out="$PWD/target/bench-before-after-$(date +%s).txt"
for i in $(seq 1 "$pairs"); do
  for side in before after; do
    cp=$cp_before; [ "$side" = after ] && cp=$cp_after
    java -Xms2g -Xmx2g -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$main_class" "$@" \
      | grep -E '^\| .* \| [0-9,]+ \| [0-9,]+ \| [0-9.]+ \|$' | sed "s/^/$side /" | tee -a "$out"
  done
done
echo
echo "median of $pairs interleaved rounds per side (events/s; the last column is gochannel after / before):"
python3 - "$out" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    side, rest = line.split(' ', 1)
    cells = [c.strip() for c in rest.strip().strip('|').split('|')]
    rows.setdefault(cells[0], {}).setdefault(side, []).append((float(cells[1].replace(',', '')), float(cells[2].replace(',', ''))))
print('| load | gochannel before | gochannel after | baseline before | baseline after | after / before |')
print('|---|---:|---:|---:|---:|---:|')
for load, sides in rows.items():
    b = statistics.median(x[0] for x in sides['before']); a = statistics.median(x[0] for x in sides['after'])
    bb = statistics.median(x[1] for x in sides['before']); ba = statistics.median(x[1] for x in sides['after'])
    print(f'| {load} | {b:,.0f} | {a:,.0f} | {bb:,.0f} | {ba:,.0f} | {a / b:.2f} |')
PY
