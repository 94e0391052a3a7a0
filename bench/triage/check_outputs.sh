#!/bin/sh
# check_outputs.sh BUILD OUT [REFERENCE]: writes what triage returns for every text of
# the dev set, the held-out set and the training corpus (bench/triage/triage_dump: flag,
# categories, signals, the probability to the last bit) into OUT/, with the generated
# classifier weights' checksum; with REFERENCE (an OUT of another build), compares them
# byte for byte and exits 1 on any difference. Run from the repository root.
#
#   git stash; ninja -C build bench/triage/triage_dump; bench/triage/check_outputs.sh build /tmp/before
#   git stash pop; ninja -C build bench/triage/triage_dump; bench/triage/check_outputs.sh build /tmp/after /tmp/before
set -eu
build=$1
out=$2
ref=${3:-}
dev=${RADFRAGA_CRISIS_DEV:-../shared/data/crisis-dev.jsonl}
mkdir -p "$out"
"$build/bench/triage/triage_dump" "$dev" >"$out/dev.tsv"
"$build/bench/triage/triage_dump" tests/data/heldout/crisis-heldout.jsonl >"$out/heldout.tsv"
"$build/bench/triage/triage_dump" moderation/data/triage/*.jsonl >"$out/train.tsv"
sha256sum <"$build/moderation/triage_weights.cpp" >"$out/weights.sha256"
for f in dev heldout train; do
  printf '%s: %s texts, %s flagged\n' "$f" "$(wc -l <"$out/$f.tsv")" "$(grep -c '	crisis	' "$out/$f.tsv")"
done
if [ -n "$ref" ]; then
  status=0
  for f in dev.tsv heldout.tsv train.tsv weights.sha256; do
    if cmp -s "$ref/$f" "$out/$f"; then echo "same: $f"; else echo "DIFFERENT: $f"; status=1; fi
  done
  exit $status
fi
