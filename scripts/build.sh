#!/usr/bin/env bash
# Configures and builds Rådfråga into build/ (or $BUILD_DIR).
#   RADFRAGA_WERROR=ON    warnings are errors (CI)
#   RADFRAGA_SANITIZE=ON  AddressSanitizer + UndefinedBehaviorSanitizer build
#   BUILD_TYPE=Release    CMake build type (default RelWithDebInfo)
#   TARGETS="radfraga"    build only these targets (default: everything)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD_DIR:-build}"
cmake -S . -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" \
  -DRADFRAGA_WERROR="${RADFRAGA_WERROR:-OFF}" \
  -DRADFRAGA_SANITIZE="${RADFRAGA_SANITIZE:-OFF}" >/dev/null
if [ -n "${TARGETS:-}" ]; then
  # shellcheck disable=SC2086
  cmake --build "$build" -j "${JOBS:-2}" --target ${TARGETS}
else
  cmake --build "$build" -j "${JOBS:-2}"
fi
