#!/usr/bin/env bash
# Soak: the fault tests of tests/fault/ with more rounds, longer abuse and more load; the
# same checks, so a release can be compared with docs/reliability.md.
#
#   bash bench/fault/soak.sh [--rounds N] [--concurrency N] [--round-ms MS]
#                            [--abuse-seconds S] [--idle N] [--slow N] [--disk-mb MB]
#                            [--repeat N] [--out FILE.jsonl] [TEST_FILE...]
#
# Defaults: 40 kill -9 rounds with 8 concurrent askers and up to 6 s between kills,
# 60 s of abuse with 600 idle and 700 slowloris connections (the outside probe's
# numbers), the erasure canary, the hostile corpus and the disk-full test, each run once
# (--repeat N runs the whole set N times). Figures go to --out (JSON lines, appended;
# default bench/fault/soak-YYYYMMDD-HHMM.jsonl) and are summed up at the end.
# RADFRAGA_BIN, RADFRAGA_FAULT_STRICT and RADFRAGA_FAULT_KEEP work as in tests/fault/run.sh.
# Takes about 10 minutes with the defaults on a 2-core machine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds=40 concurrency=8 round_ms=6000 abuse=60 idle=600 slow=700 disk=24 repeat=1
out="$here/soak-$(date +%Y%m%d-%H%M).jsonl"
files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --round-ms) round_ms="$2"; shift 2 ;;
    --abuse-seconds) abuse="$2"; shift 2 ;;
    --idle) idle="$2"; shift 2 ;;
    --slow) slow="$2"; shift 2 ;;
    --disk-mb) disk="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) echo "soak: unknown option $1" >&2; exit 2 ;;
    *) files+=("$1"); shift ;;
  esac
done
for n in "$rounds" "$concurrency" "$round_ms" "$abuse" "$idle" "$slow" "$disk" "$repeat"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "soak: not a number: $n" >&2; exit 2; }
done
# The attacker's sockets and the server's connections: raise the open-file limit.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

export RADFRAGA_FAULT_ROUNDS="$rounds" RADFRAGA_FAULT_CONCURRENCY="$concurrency" RADFRAGA_FAULT_ROUND_MS="$round_ms"
export RADFRAGA_FAULT_ABUSE_SECONDS="$abuse" RADFRAGA_FAULT_IDLE="$idle" RADFRAGA_FAULT_SLOW="$slow"
export RADFRAGA_FAULT_DISK_MB="$disk" RADFRAGA_FAULT_REPORT="$out"
echo "soak: $rounds rounds x $concurrency askers (kill within $round_ms ms), abuse $abuse s ($idle idle + $slow slowloris), disk $disk MB, $repeat time(s); figures to $out"
status=0
for i in $(seq 1 "$repeat"); do
  echo "soak: run $i of $repeat"
  bash "$root/tests/fault/run.sh" "${files[@]}" || status=1
done

# Sum up the crash loops and list the rest.
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").filter(Boolean).map(JSON.parse);
  const crash = lines.filter((l) => l.test === "crash-loop");
  const sum = (k) => crash.reduce((a, l) => a + (l[k] || 0), 0);
  if (crash.length) console.log(`soak: crash loop: ${sum("rounds")} kill -9 rounds, ${sum("asks_acked")} acknowledged asks, ` +
    `${sum("follow_ups_acked")} follow-ups, ${sum("withdrawals_acked")} withdrawals, ${sum("publications_acked")} publications; ` +
    `lost ${sum("lost_writes")}, lost follow-ups ${sum("lost_follow_ups")}, resurrected ${sum("resurrected_erasures")}, ` +
    `index mismatches ${sum("index_mismatches")}, withdrawn bytes found ${sum("erased_bytes_found")}`);
  for (const l of lines.filter((x) => x.test === "connection-abuse"))
    console.log(`soak: abuse: other client ${l.during.ok}/${l.during.requests} answered, p50 ${l.during.p50_ms} ms, p95 ${l.during.p95_ms} ms`);
  for (const l of lines.filter((x) => x.test === "hostile-http"))
    console.log(`soak: hostile: ${l.cases} cases, ${JSON.stringify(l.by_status)}, ${l.failures} failed, ${l.waiting_for_fix} waiting for fixes`);
  for (const l of lines.filter((x) => x.test === "disk-full"))
    console.log(`soak: disk full: ${l.skipped ? "skipped: " + l.skipped : JSON.stringify(l.statuses) + ", lost " + l.lost}`);
' "$out" || true
exit "$status"
