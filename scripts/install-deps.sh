#!/usr/bin/env bash
# Installs everything Rådfråga needs to build, run and test on Debian 12.
# Used by the README's two commands, by .ci/run and by the Dockerfile's build stage,
# so the install path CI tests is the one operators run.
#
#   scripts/install-deps.sh           build + runtime dependencies
#   scripts/install-deps.sh --test    also what the tests need (Chromium, Node, npm packages)
#
# Needs root (or sudo). Idempotent: re-running only installs what is missing.
set -euo pipefail

want_test=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "install-deps: unknown option $arg" >&2; exit 2 ;;
  esac
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-deps: run as root or install sudo" >&2; exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive

# Boost 1.81 (not Debian's default 1.74, which has no Boost.JSON). john-data: John the
# Ripper's list of common passwords, compiled into the binary at build time (new expert
# passwords on it are refused; server/password.hpp).
pkgs=(
  build-essential cmake ninja-build pkg-config ca-certificates git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libboost-test1.81-dev libboost-program-options1.81-dev
  libsqlite3-dev libxapian-dev libssl-dev
  libhunspell-dev hunspell-sv libmythes-dev mythes-sv
  libcmark-dev libkainjow-mustache-dev libargon2-dev libjemalloc-dev libqrencode-dev
  libphonenumber8 libprotobuf-dev libicu-dev libabsl-dev
  prometheus-cpp-dev john-data
)
if [ "$want_test" -eq 1 ]; then
  # nginx-light: the reverse proxy of the end-to-end proxy test (tests/proxy/run.sh runs
  # its own instance on a loopback port; the package's system service is not needed), and
  # openssl for its self-signed certificate. systemd: only its systemd-analyze, which
  # checks deploy/radfraga.service (tests/deploy); nothing is started with it.
  pkgs+=(chromium wrk curl clang libclang-rt-14-dev clang-format nginx-light openssl systemd)
  # Node.js: use the machine's own if it has one (a newer Node from another source
  # conflicts with Debian's nodejs/npm packages); otherwise Debian's.
  if ! command -v npm >/dev/null 2>&1; then pkgs+=(nodejs npm); fi
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

# libphonenumber's headers: Debian's libphonenumber-dev depends on Boost 1.74's dev
# packages, which conflict with 1.81's. Its headers need no Boost, so unpack them into
# third_party/ (ignored by git) without installing the package.
here="$(cd "$(dirname "$0")/.." && pwd)"
pn="$here/third_party/libphonenumber"
if [ ! -f "$pn/usr/include/phonenumbers/phonenumbermatcher.h" ]; then
  tmp="$(mktemp -d)"
  ( cd "$tmp" && apt-get download libphonenumber-dev >/dev/null 2>&1 ) || {
    $SUDO apt-get update && ( cd "$tmp" && apt-get download libphonenumber-dev ); }
  mkdir -p "$pn"
  dpkg -x "$tmp"/libphonenumber-dev_*.deb "$pn"
  rm -rf "$tmp"
fi

if [ "$want_test" -eq 1 ] && [ -f "$here/tests/e2e/package.json" ]; then
  ( cd "$here/tests/e2e" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi )
fi
echo "install-deps: ok"
