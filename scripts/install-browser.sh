#!/usr/bin/env bash
# Installs what the console's browser test needs, once: Debian's Chromium (/usr/bin/chromium) and
# playwright-core 1.64.1 from npm (it drives that Chromium; it downloads no browser of its own) into
# ${GOCHANNEL_PLAYWRIGHT_DIR:-~/.cache/gochannel/playwright-1.64.1}. Idempotent.
set -euo pipefail
dir="${GOCHANNEL_PLAYWRIGHT_DIR:-$HOME/.cache/gochannel/playwright-1.64.1}"
log() { printf '[install-browser] %s\n' "$*"; }

if [ ! -x /usr/bin/chromium ]; then
  log "installing chromium from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  log "installing Node.js and npm from Debian's packages"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if [ ! -f "$dir/node_modules/playwright-core/package.json" ]; then
  log "installing playwright-core@1.64.1 into $dir"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error playwright-core@1.64.1 >/dev/null
fi
