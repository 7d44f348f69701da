#!/usr/bin/env bash
# Installs what kubets and its tests need on a Debian machine: the Debian packages (when run as
# root and something is missing) and the npm dependencies (when package-lock.json changed).
# Idempotent: a second run with everything present does nothing but check.
set -euo pipefail
cd "$(dirname "$0")/.."

# etcd for the etcd datastore and its tests; containerd, runc and the CNI plugins run the node's
# containers; iptables and conntrack for kube-proxy; busybox-static builds the local images
# (busybox and the pod sandbox); iproute2 for pod and node networking; openssl checks our
# certificates against an independent implementation in tests.
DEBIAN_PACKAGES=(
  etcd-server etcd-client
  containerd runc containernetworking-plugins
  iptables conntrack iproute2 busybox-static openssl
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "install-deps: installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    echo "install-deps: missing Debian packages (run as root to install): ${missing[*]}" >&2
  fi
fi
# The Debian etcd package starts a system etcd on the default ports; kubets runs its own.
# (A system containerd may keep running: kubets' containerd has its own socket, root and state.)
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet etcd 2>/dev/null; then
  systemctl stop etcd >/dev/null 2>&1 || true
  systemctl disable etcd >/dev/null 2>&1 || true
fi

stamp=node_modules/.kubets-lock-stamp
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "install-deps: npm ci" >&2
  npm ci --no-audit --no-fund >&2
  cp package-lock.json "$stamp"
fi
# `npm ci` builds through the prepare script; build again in case sources changed since.
npx tsc -p tsconfig.json >&2
