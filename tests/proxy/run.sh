#!/usr/bin/env bash
# End to end: radfraga behind nginx on loopback, configured as the README's reverse-proxy
# section says. Two clients with different addresses (127.0.0.2 and 127.0.0.3, through
# nginx) are throttled separately; a spoofed X-Forwarded-For or Forwarded header changes
# nothing, whether sent through the proxy or straight to radfraga from a peer that is
# not a trusted proxy. Through the TLS listener (a self-signed certificate made here)
# responses carry HSTS, as public-url is https. Takes a few seconds.
#   tests/proxy/run.sh PATH/TO/radfraga
set -euo pipefail
bin="$(realpath "${1:?usage: run.sh PATH/TO/radfraga}")"
command -v nginx >/dev/null || command -v /usr/sbin/nginx >/dev/null || {
  echo "proxy test: nginx is missing (scripts/install-deps.sh --test installs it)" >&2; exit 1; }
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

tmp="$(mktemp -d)"
server_pid="" nginx_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "proxy test: FAIL: $*" >&2; echo "--- radfraga log:" >&2; cat "$tmp/radfraga.log" >&2 || true; exit 1; }

# radfraga on a free port, trusting only the proxy's address.
"$bin" serve --data "$tmp/data" --port 0 --import-sample false --trusted-proxies 127.0.0.1 \
  --public-url https://radfraga.test \
  2>"$tmp/radfraga.log" &
server_pid=$!
for _ in $(seq 100); do
  grep -q "listening on" "$tmp/radfraga.log" 2>/dev/null && break
  sleep 0.1
done
rport="$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/radfraga.log" | head -1)"
[ -n "$rport" ] || fail "radfraga did not start"

# nginx on a free port in front of it: the README's server block, with paths of its own.
mkdir -p "$tmp/nginx"
# A self-signed certificate for the TLS listener (curl is told to accept it with -k).
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=radfraga.test" \
  -keyout "$tmp/nginx/key.pem" -out "$tmp/nginx/cert.pem" 2>/dev/null || fail "openssl could not make a certificate"
for _ in 1 2 3 4 5; do
  nport=$((20000 + RANDOM % 30000))
  sport=$((nport + 1))
  cat >"$tmp/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  scgi_temp_path $tmp/nginx/scgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  limit_conn_zone \$binary_remote_addr zone=radfraga_conn:10m;
  server {
    listen 127.0.0.1:$nport;
    listen 127.0.0.1:$sport ssl;
    ssl_certificate $tmp/nginx/cert.pem;
    ssl_certificate_key $tmp/nginx/key.pem;
    limit_conn radfraga_conn 32;
    client_header_timeout 10s;
    client_body_timeout 30s;
    keepalive_timeout 30s;
    location / {
      proxy_pass http://127.0.0.1:$rport;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
CONF
  "$nginx_bin" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" &
  nginx_pid=$!
  ok=0
  for _ in $(seq 50); do
    if curl -s -o /dev/null "http://127.0.0.1:$nport/healthz"; then ok=1; break; fi
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ "$ok" = 1 ] && break
  kill "$nginx_pid" 2>/dev/null; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""
done
[ -n "$nginx_pid" ] || { cat "$tmp/nginx/error.log" >&2; fail "nginx did not start"; }

body='{"title": "Hur räknas hyran?", "question": "Jag undrar hur hyran räknas när man söker försörjningsstöd och bor i andra hand.", "pseudonym": "Prov", "category": "boende"}'
# ask FROM PORT [curl options...]: the status of one question asked through the API.
ask() {
  local from="$1" port="$2"; shift 2
  curl -s -o /dev/null -w '%{http_code}' --interface "$from" -H 'Content-Type: application/json' \
    --data-binary "$body" "$@" "http://127.0.0.1:$port/api/v1/questions"
}
expect() {  # expect WHAT WANTED GOT
  [ "$2" = "$3" ] || fail "$1: wanted $2, got $3"
  echo "proxy test: ok: $1 ($3)"
}
five_then_429() {  # five_then_429 WHAT FROM PORT [curl options...]
  local what="$1" got=""; shift
  for _ in 1 2 3 4 5 6; do got="$got $(ask "$@")"; done
  expect "$what" " 201 201 201 201 201 429" "$got"
}

# Through the proxy, 127.0.0.2 may ask five questions and is then throttled ...
five_then_429 "client 127.0.0.2 through nginx" 127.0.0.2 "$nport"
# ... while 127.0.0.3, through the same proxy, is a client of its own.
expect "client 127.0.0.3 through nginx, after 127.0.0.2 was throttled" 201 "$(ask 127.0.0.3 "$nport")"
# 127.0.0.2 cannot escape by writing its own X-Forwarded-For or Forwarded: nginx appends
# the address it sees, and radfraga takes the right-most untrusted entry.
expect "client 127.0.0.2 spoofing X-Forwarded-For through nginx" 429 \
  "$(ask 127.0.0.2 "$nport" -H 'X-Forwarded-For: 198.51.100.1')"
expect "client 127.0.0.2 spoofing Forwarded through nginx" 429 \
  "$(ask 127.0.0.2 "$nport" -H 'Forwarded: for=198.51.100.2')"
# Straight to radfraga from 127.0.0.4, not a trusted proxy: the headers are ignored, so a
# new X-Forwarded-For on every request does not make it a new client.
got=""
for i in 1 2 3 4 5 6; do got="$got $(ask 127.0.0.4 "$rport" -H "X-Forwarded-For: 198.51.100.1$i")"; done
expect "untrusted peer 127.0.0.4 with a new X-Forwarded-For each time" " 201 201 201 201 201 429" "$got"
# Nor can it pass as 127.0.0.3's forwarded identity: 127.0.0.3 still has questions left.
expect "client 127.0.0.3 through nginx, after the spoofing" 201 "$(ask 127.0.0.3 "$nport")"

# Over TLS: the page arrives with HSTS (public-url is https), and a client is still a
# client of its own (127.0.0.5 has asked nothing yet).
headers="$(curl -sk -D - -o /dev/null --interface 127.0.0.5 "https://127.0.0.1:$sport/")"
expect "home page over TLS" 200 "$(printf '%s' "$headers" | head -n 1 | cut -d' ' -f2)"
printf '%s' "$headers" | grep -qi '^strict-transport-security: max-age=31536000' || fail "no HSTS over TLS"
echo "proxy test: ok: HSTS over TLS"
expect "client 127.0.0.5 asking over TLS" 201 "$(curl -sk -o /dev/null -w '%{http_code}' --interface 127.0.0.5 \
  -H 'Content-Type: application/json' --data-binary "$body" "https://127.0.0.1:$sport/api/v1/questions")"

# No client address in radfraga's log (the listening line names the server's own).
if grep -v "listening on" "$tmp/radfraga.log" | grep -qE '127\.0\.0\.[0-9]|198\.51\.100'; then
  fail "an address in the log"
fi
echo "proxy test: passed"
