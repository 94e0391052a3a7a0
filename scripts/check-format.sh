#!/usr/bin/env bash
# Fails when a tracked C++ file does not match the committed .clang-format (Debian 12's
# clang-format 14). Fix with: git ls-files '*.cpp' '*.hpp' '*.h' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h' ':!:third_party/*')
if [ "${#files[@]}" -eq 0 ]; then exit 0; fi
if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/check-format.$$; then
  grep -E '^[^ ].*(warning|error)' /tmp/check-format.$$ | cut -d: -f1 | sort -u | sed 's/^/unformatted: /' >&2
  rm -f /tmp/check-format.$$
  echo "check-format: run clang-format -i on the files above" >&2
  exit 1
fi
rm -f /tmp/check-format.$$
echo "check-format: ${#files[@]} files match .clang-format"
