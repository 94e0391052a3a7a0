#!/usr/bin/env bash
# Fault tests: a real `radfraga serve` on loopback under crashes, erasure, hostile HTTP,
# connection abuse and a full disk (issue 19, "Keep the proof in the repository").
#
#   RADFRAGA_BIN=build/server/radfraga bash tests/fault/run.sh [TEST_FILE...]
#
# Each *.test.mjs starts its own servers with fresh data folders under $TMPDIR and kills
# them when it ends, whatever the outcome. The files run one after another (the abuse
# test measures latency). About 3 minutes on a 2-core machine. Figures (one JSON line per
# test) go to $RADFRAGA_FAULT_REPORT (default: a temporary file, printed at the end).
#   RADFRAGA_FAULT_STRICT=1  also fail on the cases that wait for fixes on other branches
#                            (HTTP-layer hardening, the per-client connection share)
#   RADFRAGA_FAULT_KEEP=1    keep the data folders
# Sizes (bench/fault/soak.sh raises them): RADFRAGA_FAULT_ROUNDS, _CONCURRENCY, _ROUND_MS
# (crash loop), _ABUSE_SECONDS, _IDLE, _SLOW (connection abuse), _DISK_MB (disk full).
# The disk-full test mounts a tmpfs: it needs root, and is skipped with a message otherwise.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export RADFRAGA_BIN="${RADFRAGA_BIN:-$root/build/server/radfraga}"

fail() { echo "fault: $*" >&2; exit 1; }
[ -x "$RADFRAGA_BIN" ] || fail "no radfraga binary at $RADFRAGA_BIN (build first, or set RADFRAGA_BIN)"
command -v node >/dev/null || fail "node is missing (scripts/install-deps.sh --test)"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/radfraga-fault.XXXXXX")"
cleanup() {
  # A tmpfs the disk-full test mounted, if its process was killed before unmounting it.
  awk -v t="$tmp/" 'index($2, t) == 1 { print $2 }' /proc/mounts 2>/dev/null | while read -r m; do umount -l "$m" || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export RADFRAGA_FAULT_TMP="$tmp"
if [ -z "${RADFRAGA_FAULT_REPORT:-}" ]; then export RADFRAGA_FAULT_REPORT="$tmp/figures.jsonl"; fi

cd "$here"
if [ "$#" -gt 0 ]; then files=("$@"); else files=(crash.test.mjs canary.test.mjs hostile.test.mjs abuse.test.mjs diskfull.test.mjs); fi
echo "fault: $("$RADFRAGA_BIN" help 2>/dev/null | head -n 1 || true)"
echo "fault: strict=${RADFRAGA_FAULT_STRICT:-0}; files: ${files[*]}"
start=$(date +%s)
set +e
node --test --test-concurrency=1 --test-timeout=1800000 --test-reporter=spec "${files[@]}" 2>&1 | tee "$tmp/node.log"
status=${PIPESTATUS[0]}
set -e
secs=$(( $(date +%s) - start ))

echo "fault: figures"
grep -h '' "$RADFRAGA_FAULT_REPORT" 2>/dev/null || true
passed="$(grep -oE '^ℹ pass [0-9]+' "$tmp/node.log" | grep -oE '[0-9]+$' || echo 0)"
failed="$(grep -oE '^ℹ fail [0-9]+' "$tmp/node.log" | grep -oE '[0-9]+$' || echo 0)"
skipped="$(grep -oE '^ℹ skipped [0-9]+' "$tmp/node.log" | grep -oE '[0-9]+$' || echo 0)"
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "fault: $passed passed, $failed failed, $skipped skipped in ${secs} s"
exit "$status"
