#!/usr/bin/env bash
# Validates deploy/kubernetes offline (docs/deploying.md#kubernetes): every manifest against the JSON
# schemas of the Kubernetes OpenAPI and of KEDA's CRDs, unknown fields included; each kustomization
# rendered with `kubectl kustomize` when kubectl is on the PATH, and validated again; the promises of the
# docs (probes, grace period, security context, health exposure, image, config copies). Then the
# self-test: every broken manifest of deploy/kubernetes/testdata must be refused. No cluster is needed
# or contacted.
# The npm packages, transitive ones included, are those of deploy/kubernetes/validator/package-lock.json
# (versions and integrity hashes): both files are copied into ${GOCHANNEL_K8S_VALIDATE_DIR:-~/.cache/gochannel/k8s-validate}
# and installed there with `npm ci --ignore-scripts` (no package's install script runs), once per
# lockfile: a changed lock installs again. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
lock=deploy/kubernetes/validator/package-lock.json
dir="${GOCHANNEL_K8S_VALIDATE_DIR:-$HOME/.cache/gochannel/k8s-validate}"
log() { printf '[validate-kubernetes] %s\n' "$*"; }

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  log "installing Node.js and npm from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
# The stamp is the lockfile's hash, written after a complete install only, so an interrupted install
# (or a changed lock) is done again.
stamp="$(sha256sum "$lock" | cut -d' ' -f1)"
if [ "$(cat "$dir/.installed" 2>/dev/null)" != "$stamp" ]; then
  log "installing the packages of $lock (sha256 $stamp) into $dir: npm ci --ignore-scripts"
  mkdir -p "$dir"
  rm -f "$dir/.installed"
  cp deploy/kubernetes/validator/package.json "$lock" "$dir/"
  # kubernetes-models declares Node.js 22+; Debian's 20 runs it (this script's checks prove it).
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error --engine-strict=false >/dev/null)
  printf '%s' "$stamp" >"$dir/.installed"
fi
node deploy/kubernetes/validate.mjs --modules "$dir"
node deploy/kubernetes/validate.mjs --modules "$dir" --self-test
