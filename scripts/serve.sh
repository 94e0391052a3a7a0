#!/usr/bin/env bash
# The README's first command: installs what is needed, builds, and serves the sample
# archive at http://localhost:8080 with the data folder ./data. Extra arguments go to
# `radfraga serve` (e.g. --port 8081).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
BUILD_TYPE="${BUILD_TYPE:-Release}" TARGETS=radfraga bash scripts/build.sh
exec ./build/server/radfraga serve --data "${RADFRAGA_DATA:-./data}" "$@"
