#!/usr/bin/env bash
# The systemd unit deploy/radfraga.service: valid for systemd (systemd-analyze verify, with
# the built binary in ExecStart's place) and sandboxed (systemd-analyze security's exposure
# at most 2.0 of 10, "OK"; docs/operations.md lists the settings). Nothing is started.
#   tests/deploy/check-unit.sh PATH/TO/radfraga
set -euo pipefail
bin="$(realpath "${1:?usage: check-unit.sh PATH/TO/radfraga}")"
here="$(cd "$(dirname "$0")" && pwd)"
unit="$here/../../deploy/radfraga.service"
command -v systemd-analyze >/dev/null || {
  echo "unit check: systemd-analyze is missing (scripts/install-deps.sh --test installs systemd)" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
sed "s#/usr/local/bin/radfraga#$bin#" "$unit" >"$tmp/radfraga.service"
systemd-analyze verify "$tmp/radfraga.service"
exposure="$(systemd-analyze security --offline=true "$tmp/radfraga.service" 2>/dev/null |
  sed -n 's/.*Overall exposure level for radfraga.service: \([0-9.]*\).*/\1/p')"
[ -n "$exposure" ] || { echo "unit check: no exposure level from systemd-analyze security" >&2; exit 1; }
awk -v e="$exposure" 'BEGIN { exit !(e <= 2.0) }' || {
  echo "unit check: FAIL: exposure $exposure > 2.0" >&2; exit 1; }
echo "unit check: passed (verify clean, exposure $exposure)"
