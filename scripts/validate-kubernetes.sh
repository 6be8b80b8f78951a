#!/usr/bin/env bash
# Validates deploy/kubernetes offline (docs/deploying.md#kubernetes): every manifest against the JSON
# schemas of the Kubernetes OpenAPI and of KEDA's CRDs, unknown fields included; each kustomization
# rendered with `kubectl kustomize` when kubectl is on the PATH, and validated again; the promises of the
# docs (probes, grace period, security context, image tag, config copies). Then the self-test: every
# broken manifest of deploy/kubernetes/testdata must be refused. No cluster is needed or contacted.
# Installs, once, pinned npm packages into
# ${GOCHANNEL_K8S_VALIDATE_DIR:-~/.cache/gochannel/k8s-validate-km5.1.0-keda2.0.0-yaml2.9.1}. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
# kubernetes-models' own dependencies are pinned too: their compiled schemas import the runtime of
# @kubernetes-models/validate, whose version decides what a check reports.
packages=(kubernetes-models@5.1.0 @kubernetes-models/keda@2.0.0 @kubernetes-models/validate@5.0.2
  @kubernetes-models/base@6.0.1 @kubernetes-models/apimachinery@3.0.2 yaml@2.9.1)
dir="${GOCHANNEL_K8S_VALIDATE_DIR:-$HOME/.cache/gochannel/k8s-validate-km5.1.0-keda2.0.0-yaml2.9.1}"
log() { printf '[validate-kubernetes] %s\n' "$*"; }

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  log "installing Node.js and npm from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
# The stamp is written after a complete install only, so an interrupted one is done again.
if [ "$(cat "$dir/.installed" 2>/dev/null)" != "${packages[*]}" ]; then
  log "installing ${packages[*]} into $dir"
  mkdir -p "$dir"
  # kubernetes-models declares Node.js 22+; Debian's 20 runs it (this script's checks prove it).
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error --engine-strict=false "${packages[@]}" >/dev/null
  printf '%s' "${packages[*]}" >"$dir/.installed"
fi
node deploy/kubernetes/validate.mjs --modules "$dir"
node deploy/kubernetes/validate.mjs --modules "$dir" --self-test
