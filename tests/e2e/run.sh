#!/usr/bin/env bash
# End-to-end browser tests of the public site in headless Chromium (Debian's chromium,
# driven by playwright-core; accessibility checks with axe-core).
#
#   RADFRAGA_BIN=build/server/radfraga bash tests/e2e/run.sh [TEST_FILE...]
#
# Starts the server on a free loopback port with a fresh data folder (the bundled sample
# archive is imported), waits for /healthz, runs the tests with Node's test runner, stops
# the server with SIGTERM and checks that it exits cleanly. Screenshots, axe reports and
# the server log go to tests/e2e/artifacts/. Exits non-zero on any failure.
#   CHROMIUM=/usr/bin/chromium   the browser (never downloaded)
#   RADFRAGA_E2E_KEEP=1          keep the temporary data folder
#   RADFRAGA_E2E_ARTIFACTS=DIR   where artifacts go (default tests/e2e/artifacts; emptied first)
# expert.test.mjs gets a server of its own (same accounts, fresh data folder): its experts
# enrol through the one-time links `radfraga user add` prints (RADFRAGA_E2E_LINKS).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${RADFRAGA_BIN:-$root/build/server/radfraga}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

fail() { echo "e2e: $*" >&2; exit 1; }
[ -x "$bin" ] || fail "no radfraga binary at $bin (build first, or set RADFRAGA_BIN)"
[ -x "$CHROMIUM" ] || fail "no Chromium at $CHROMIUM (apt-get install chromium, or scripts/install-deps.sh --test)"
command -v node >/dev/null || fail "node is missing (scripts/install-deps.sh --test)"
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
  ( cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund )
fi

artifacts="${RADFRAGA_E2E_ARTIFACTS:-$here/artifacts}"
rm -rf "$artifacts"
mkdir -p "$artifacts"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/radfraga-e2e.XXXXXX")"
mkdir -p "$tmp/data" "$tmp/browser"
server_pid=""
expert_pid=""

stop_server() {
  stop_pid "$server_pid"; local code=$?
  server_pid=""
  return $code
}
stop_expert_server() {
  stop_pid "$expert_pid"; local code=$?
  expert_pid=""
  return $code
}
stop_pid() {
  [ -n "$1" ] || return 0
  local pid="$1" code=0 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 250); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "e2e: the server did not stop within 25 s of SIGTERM" >&2
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    return 1
  fi
  wait "$pid" || code=$?
  if [ "$code" -ne 0 ]; then echo "e2e: the server exited with $code after SIGTERM" >&2; return 1; fi
  return 0
}
cleanup() {
  stop_server || true
  stop_expert_server || true
  cp "$tmp/server.log" "$artifacts/server.log" 2>/dev/null || true
  cp "$tmp/server-expert.log" "$artifacts/server-expert.log" 2>/dev/null || true
  if [ "${RADFRAGA_E2E_KEEP:-0}" = "1" ]; then echo "e2e: kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

# Two expert accounts for dashboard.test.mjs, set up as automated setups do: password and
# TOTP key from standard input (the same as EXPERTS in lib/expert.mjs). Bo is an admin.
add_experts() {
  printf '%s\n%s\n' 'anna-e2e-lösenord-1' 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' |
    "$bin" user add --data "$1" anna --name "Anna Berg" --password-stdin --totp-secret-stdin >/dev/null
  printf '%s\n%s\n' 'bo-e2e-lösenord-22' 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF' |
    "$bin" user add --data "$1" bo --name "Bo Ek" --role admin --password-stdin --totp-secret-stdin >/dev/null
}
add_experts "$tmp/data"
# The same two accounts as an operator makes them: enrolment links (the last line of
# `user add`), written to a JSON file for expert.test.mjs.
invite_experts() {
  local anna bo
  anna="$("$bin" user add --data "$1" anna --name "Anna Berg" | tail -n 1)"
  bo="$("$bin" user add --data "$1" bo --name "Bo Ek" --admin | tail -n 1)"
  printf '{"anna": "%s", "bo": "%s"}\n' "$anna" "$bo" > "$2"
}

# Start a server (data folder, log file); a port taken in between is retried with
# another. Sets started_url and started_pid. Every request comes from 127.0.0.1, so the
# per-client rate limits are off for this rig (they are tested in tests/server).
start_server() {
  local data="$1" log="$2" attempt port url pid
  started_url=""; started_pid=""
  for attempt in 1 2 3; do
    port="$(free_port)"
    url="http://127.0.0.1:$port"
    "$bin" serve --data "$data" --listen 127.0.0.1 --port "$port" --public-url "$url" --rate-limits=false \
      >"$log" 2>&1 &
    pid=$!
    if node -e '
      const url = process.argv[1] + "/healthz", pid = Number(process.argv[2]);
      const deadline = Date.now() + 90000;
      (async function poll() {
        try { process.kill(pid, 0); } catch { process.exit(2); }
        try { const r = await fetch(url); if (r.ok) process.exit(0); } catch {}
        if (Date.now() > deadline) process.exit(1);
        setTimeout(poll, 200);
      })();' "$url" "$pid"; then
      started_url="$url"; started_pid="$pid"; return 0
    fi
    echo "e2e: the server did not come up on port $port (attempt $attempt):" >&2
    tail -n 20 "$log" >&2 || true
    stop_pid "$pid" || true
  done
  return 1
}
start_server "$tmp/data" "$tmp/server.log" || fail "could not start the server"
url="$started_url"; server_pid="$started_pid"
echo "e2e: server at $url (data $tmp/data), Chromium $("$CHROMIUM" --version 2>/dev/null | awk '{print $2}')"

cd "$here"
if [ "$#" -gt 0 ]; then files=("$@"); else files=(*.test.mjs); fi

# expert.test.mjs: its own server with a fresh data folder and the same two accounts,
# invited with enrolment links.
expert_url=""
for f in "${files[@]}"; do
  if [ "$(basename "$f")" = "expert.test.mjs" ]; then
    mkdir -p "$tmp/data-expert"
    invite_experts "$tmp/data-expert" "$tmp/links-expert.json"
    start_server "$tmp/data-expert" "$tmp/server-expert.log" || fail "could not start the experts' server"
    expert_url="$started_url"; expert_pid="$started_pid"
    echo "e2e: experts' server at $expert_url (data $tmp/data-expert)"
  fi
done

# Tests: the named files, or every *.test.mjs. Playwright makes each browser's fresh
# user-data-dir under TMPDIR, which is removed with the rest afterwards.
status=0
set +e
# A file may take minutes on a loaded 2-core machine (pages 5-12 s each seen); the
# timeout is there to end a hang, not to measure speed.
TMPDIR="$tmp/browser" RADFRAGA_E2E_URL="$url" RADFRAGA_E2E_EXPERT_URL="$expert_url" \
  RADFRAGA_E2E_LINKS="$tmp/links-expert.json" RADFRAGA_E2E_ARTIFACTS="$artifacts" \
  node --test --test-concurrency=2 --test-timeout=600000 --test-reporter=spec "${files[@]}" 2>&1 | tee "$tmp/node.log"
status=${PIPESTATUS[0]}
set -e

node lib/axe-summary.mjs "$artifacts" || true
stop_server || status=1
stop_expert_server || status=1

# The access log must not hold receipt tokens, query strings, what people wrote, IP
# addresses or User-Agents (the tests wrote a name, a phone number and a pseudonym).
# (Public paths are logged as requested, percent-encoded: the XSS test's paths are fine.)
# Log lines start with their UTC time (docs/architecture.md); it is cut before checking.
unstamp() { sed -E 's/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z //'; }
access="$(cat "$tmp/server.log" "$tmp/server-expert.log" 2>/dev/null | unstamp | grep '^radfraga: access' || true)"
if [ -z "$access" ]; then
  echo "e2e: the server wrote no access log lines" >&2; status=1
elif leaks="$(printf '%s\n' "$access" | grep -E '/kvitto/[A-Za-z0-9_-]{4}|/receipts/[A-Za-z0-9_-]{4}|\?|Lindqvist|070-123|Orolig|Sjöberg|073-555|Trebarnsmamma|([0-9]{1,3}\.){3}[0-9]{1,3}|Mozilla|Chrome')"; then
  echo "e2e: the access log holds what it must not:" >&2; printf '%s\n' "$leaks" | head -n 5 >&2; status=1
else
  echo "e2e: access log checked: no tokens, query strings, texts, IP addresses or User-Agents"
fi

# expert.test.mjs: every refusal it provokes is logged as a security event, and those
# lines hold no addresses, names, phone numbers or what people wrote.
if [ -n "$expert_url" ]; then
  security="$(unstamp < "$tmp/server-expert.log" | grep '^radfraga: security: ' || true)"
  for want in 'wrong or replayed one-time code' 'refused publicera: own_answer' \
              'forged or missing CSRF token' 'logout with a bad CSRF token' 'request without a session'; do
    if ! printf '%s\n' "$security" | grep -qF "$want"; then
      echo "e2e: no security event \"$want\" in the experts' server log" >&2; status=1
    fi
  done
  if leaks="$(printf '%s\n' "$security" | grep -E 'Karin|Sjöberg|073-555|Trebarnsmamma|<script|onerror|([0-9]{1,3}\.){3}[0-9]{1,3}|Mozilla|Chrome')"; then
    echo "e2e: the security log holds what it must not:" >&2; printf '%s\n' "$leaks" | head -n 5 >&2; status=1
  else
    echo "e2e: security events checked: each refusal logged, without addresses or texts"
  fi
fi

passed="$(grep -oE '^ℹ pass [0-9]+' "$tmp/node.log" | grep -oE '[0-9]+$' || echo 0)"
failed="$(grep -oE '^ℹ fail [0-9]+' "$tmp/node.log" | grep -oE '[0-9]+$' || echo 0)"
if [ "$status" -eq 0 ]; then echo "e2e: all passed (artifacts in $artifacts)"; else echo "e2e: FAILED (artifacts in $artifacts)" >&2; fi
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "e2e: $passed passed, $failed failed"
exit "$status"
