#!/usr/bin/env bash
# Starts the SQS/SNS emulator fauxqs (npm, 1.9.2: the last one for Node 20) on port ${1:-4566} unless
# something already answers there, installing it on first use. The sqs:// and sns:// tests and
# benchmarks use it; it keeps everything in memory and checks no credentials.
set -euo pipefail
port="${1:-4566}"
dir="${GOCHANNEL_FAUXQS_DIR:-$HOME/.cache/gochannel/fauxqs-1.9.2}"
log() { printf '[start-fauxqs] %s\n' "$*"; }

if curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
  exit 0
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  log "installing Node.js and npm from Debian's packages"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if [ ! -f "$dir/node_modules/fauxqs/package.json" ]; then
  log "installing fauxqs@1.9.2 into $dir"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error fauxqs@1.9.2 >/dev/null
fi
# Its command-line launcher ignores FAUXQS_LOGGER=false (a log line per request): start it through its API.
cd "$dir"
nohup node -e "import('fauxqs').then(m => m.startFauxqs({port: $port, logger: false}))" \
  >"$dir/fauxqs-$port.log" 2>&1 </dev/null &
for _ in $(seq 1 100); do
  if curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
    log "fauxqs is up on $port"
    exit 0
  fi
  sleep 0.2
done
log "fauxqs did not come up on $port within 20 s; its log:"
cat "$dir/fauxqs-$port.log" >&2 || true
exit 1
