#!/usr/bin/env bash
# Builds the Dockerfile and proves the image serves, with no container registry:
#   1. installs debootstrap and buildah with apt-get (idempotent);
#   2. makes a Debian 12 base with `debootstrap --variant=minbase bookworm` from the Debian
#      mirror in this machine's apt sources (read here, at run time), and imports it as
#      localhost/debian:12 and localhost/debian:12-slim, which the Dockerfile's FROM lines
#      resolve to; the base tarball is cached (RADFRAGA_CONTAINER_CACHE, one week);
#   3. builds the image with `buildah bud --isolation chroot --pull=never`;
#   4. starts the image's binary as its user (`buildah run --isolation chroot --user
#      radfraga`) on a free loopback port, lets it import the bundled sample archive into
#      its empty data folder, and checks /healthz and a sample question page with curl;
#   5. removes everything it made (containers, images, its own container storage).
#
# Needs root (re-runs itself with sudo otherwise): debootstrap and rootful buildah.
# Everything lives in a private container storage under a temporary folder, so images
# of the same names in the machine's own storage are neither used nor touched.
#   RADFRAGA_CONTAINER_CACHE   where the base tarball is kept (default ~/.cache/radfraga-container)
#   RADFRAGA_DEBIAN_MIRROR     Debian mirror for the base, instead of the one in the apt sources
#   RADFRAGA_STORAGE_DRIVER    containers/storage driver (default overlay; vfs where
#                              overlay mounts are not allowed)
set -euo pipefail
cd "$(dirname "$0")/.."
here="$PWD"

if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "container-check: run as root or install sudo" >&2; exit 1; }
  exec sudo --preserve-env=RADFRAGA_CONTAINER_CACHE,RADFRAGA_DEBIAN_MIRROR,RADFRAGA_STORAGE_DRIVER \
    HOME="$HOME" bash "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
start_s=$SECONDS
step() { echo "== container-check: $* ($((SECONDS - start_s)) s)"; }

# --- 1. tools ---------------------------------------------------------------------------
pkgs=(debootstrap buildah curl ca-certificates)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  step "installing ${missing[*]}"
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi

# --- 2. the Debian mirror from the apt sources -------------------------------------------
# Prints "URI SUITE" for every enabled deb source, one-line (.list) and deb822 (.sources).
apt_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" | awk '$1 == "deb" && NF >= 3 { print $2, $3 }'
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '
      function flush(  n, m, i, j, u, s) {
        if (types ~ /(^|[ \t])deb([ \t]|$)/ && enabled != "no") {
          n = split(uris, u, /[ \t]+/); m = split(suites, s, /[ \t]+/)
          for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) if (u[i] != "" && s[j] != "") print u[i], s[j]
        }
        types = uris = suites = ""; enabled = "yes"
      }
      BEGIN { enabled = "yes" }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]/ { next }          # continuation line (an inline Signed-By key)
      {
        key = tolower($0); sub(/:.*/, "", key)
        val = $0; sub(/^[^:]*:[ \t]*/, "", val)
        if (key == "types") types = val
        else if (key == "uris") uris = val
        else if (key == "suites") suites = val
        else if (key == "enabled") enabled = tolower(val)
      }
      END { flush() }' "$f"
  done
}
sources="$(apt_sources)"
mirror="${RADFRAGA_DEBIAN_MIRROR:-$(awk '$2 == "bookworm" { print $1; exit }' <<<"$sources")}"
if [ -z "$mirror" ]; then
  echo "container-check: no 'bookworm' source in /etc/apt/sources.list{,.d/*.list,.d/*.sources};" \
    "set RADFRAGA_DEBIAN_MIRROR to a Debian mirror" >&2
  exit 1
fi
mirror="${mirror%/}"
security="$(awk '$2 == "bookworm-security" { print $1; exit }' <<<"$sources")"
security="${security%/}"
main_suites="bookworm"
if awk -v m="$mirror" '($1 == m || $1 == m "/") && $2 == "bookworm-updates" { f = 1 } END { exit !f }' <<<"$sources"; then
  main_suites="bookworm bookworm-updates"
fi
# The base's apt sources: the same Debian suites the machine uses, in the deb822 file the
# official debian:12 image has, so `apt-get update` inside the build reaches this mirror.
base_sources="Types: deb
URIs: $mirror
Suites: $main_suites
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
if [ -n "$security" ]; then
  base_sources+="

Types: deb
URIs: $security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
fi

# --- working area: a private container storage, removed at exit ----------------------
work="$(mktemp -d /var/tmp/radfraga-container.XXXXXX)"
B=(buildah --root "$work/storage" --runroot "$work/run" --storage-driver "${RADFRAGA_STORAGE_DRIVER:-overlay}")
server_pid=""
cleanup() {
  local rc=$?
  set +e
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null
  fi
  "${B[@]}" rm --all >/dev/null 2>&1
  "${B[@]}" rmi --all --force >/dev/null 2>&1
  # Storage drivers leave their own mounts (overlay's private bind mount) behind.
  findmnt -rn -o TARGET | grep -F "$work/" | sort -r | while read -r m; do umount -l "$m"; done
  rm -rf "$work"
  if [ "$rc" -eq 0 ]; then step "ok"; else echo "== container-check: FAILED ($((SECONDS - start_s)) s)" >&2; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 3. the base, from the cache when it is young enough ------------------------------
cache="${RADFRAGA_CONTAINER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/radfraga-container}"
mkdir -p "$cache"
key="$(printf '%s\n' "$base_sources" | sha256sum | cut -c1-12)"
tarball="$cache/debian-12-minbase-$key.tar"
if [ -f "$tarball" ] && [ -n "$(find "$tarball" -mtime -7)" ]; then
  step "base from the cache: $tarball"
else
  step "debootstrap --variant=minbase bookworm from $mirror"
  rootfs="$work/rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -n 30 "$work/debootstrap.log" >&2
    tail -n 30 "$rootfs/debootstrap/debootstrap.log" >&2 2>/dev/null
    exit 1
  }
  rm -f "$rootfs/etc/apt/sources.list" "$rootfs/etc/resolv.conf" "$rootfs/etc/hostname"
  printf '%s\n' "$base_sources" >"$rootfs/etc/apt/sources.list.d/debian.sources"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
  # Older tarballs of this cache are replaced, not accumulated.
  rm -f "$cache"/debian-12-minbase-*.tar
  tar --numeric-owner --xattrs -C "$rootfs" -cf "$tarball.part" .
  mv "$tarball.part" "$tarball"
  rm -rf "$rootfs"
fi
step "importing the base as localhost/debian:12 and localhost/debian:12-slim"
ctr="$("${B[@]}" from --pull=never scratch)"
"${B[@]}" add "$ctr" "$tarball" / >/dev/null
"${B[@]}" config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --cmd bash --os linux --arch "$(dpkg --print-architecture)" "$ctr"
"${B[@]}" commit --quiet --rm "$ctr" localhost/debian:12 >/dev/null
"${B[@]}" tag localhost/debian:12 localhost/debian:12-slim

# --- 4. the image ----------------------------------------------------------------------
step "buildah bud --isolation chroot"
image=localhost/radfraga-container-check:latest
# Docker's image format keeps the HEALTHCHECK (OCI's has no place for it). Each line of
# the build's output carries the seconds since the start, to show where the time goes.
"${B[@]}" bud --isolation chroot --pull=never --layers=false --format docker \
  -f Dockerfile -t "$image" "$here" 2>&1 |
  while IFS= read -r line; do printf '[%5d s] %s\n' "$((SECONDS - start_s))" "$line"; done
# The image's configuration, as `docker run` would use it.
cfg="$("${B[@]}" inspect --type image --format \
  '{{.Docker.Config.User}}|{{.Docker.Config.Entrypoint}}|{{.Docker.Config.Healthcheck.Test}}' "$image")"
case "$cfg" in
  'radfraga|[radfraga]|'*/healthz*) ;;
  *) echo "container-check: the image should run radfraga as radfraga with a /healthz HEALTHCHECK: $cfg" >&2; exit 1 ;;
esac

# --- 5. the image's binary serves the sample ------------------------------------------
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
  shuf -i 20000-60000 -n 1)"
step "starting radfraga as user radfraga on 127.0.0.1:$port"
ctr="$("${B[@]}" from --pull=never "$image")"
# The image's own command line, with a loopback address and a free port: the check runs
# in the host's network namespace (chroot isolation).
"${B[@]}" run --isolation chroot --user radfraga "$ctr" -- \
  radfraga serve --listen 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 &
server_pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
  curl -fsS -o /dev/null "$url/healthz" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "container-check: the server exited" >&2; exit 1; }
  sleep 0.2
done
fail() { echo "container-check: $*" >&2; cat "$work/server.log" >&2; exit 1; }
[ "$(curl -fsS "$url/healthz")" = "ok" ] || fail "/healthz did not answer ok"
home="$(curl -fsS "$url/")" || fail "the home page failed"
qpath="$(grep -o '/fraga/[0-9][0-9]*' <<<"$home" | head -n 1)"
[ -n "$qpath" ] || fail "the home page links no question"
page="$(curl -fsS "$url$qpath")" || fail "$qpath failed"
# The page shows one of the sample archive's questions: its heading, HTML-unescaped and
# JSON-escaped, is a title in the archive.
title="$(grep -o '<h1 id="fraga-rubrik">[^<]*</h1>' <<<"$page" | head -n 1 |
  sed -e 's/<[^>]*>//g' -e 's/&quot;/"/g' -e "s/&#39;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g')"
json_title="$(sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' <<<"$title")"
if [ -z "$title" ] || ! grep -qF "\"title\": \"$json_title\"" server/sample/sample-archive.jsonl; then
  fail "$qpath shows no sample question (heading: '$title')"
fi
grep -q 'sample archive' "$work/server.log" || fail "no sample import in the server log"
step "serving: /healthz ok, $qpath \"$title\""
# The HEALTHCHECK's own tool, from inside the image.
"${B[@]}" run --isolation chroot --user radfraga "$ctr" -- curl -fsS "$url/healthz" >/dev/null ||
  fail "curl inside the image could not reach /healthz"
step "serving as $("${B[@]}" run --isolation chroot --user radfraga "$ctr" -- id)"
kill -TERM "$server_pid"
wait "$server_pid" || true
server_pid=""
