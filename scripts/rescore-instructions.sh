#!/usr/bin/env bash
# Instructions per full rescore (`evaluate` in the rescore_full_bank bench), counted by
# callgrind: independent of the machine's load, so changes can be compared on a busy machine.
# Needs valgrind (Debian: apt-get install valgrind). Usage: scripts/rescore-instructions.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_PROFILE_BENCH_DEBUG=line-tables-only
bin=$(cargo bench --bench scoring --no-run --message-format=json 2>/dev/null |
    sed -n 's/.*"executable":"\([^"]*scoring[^"]*\)".*/\1/p' | tail -1)
out=$(mktemp)
valgrind --tool=callgrind --toggle-collect='openfem::core::assess::evaluate' \
    --callgrind-out-file="$out" "$bin" --bench rescore_full_bank --sample-count 5 --sample-size 20 \
    >/dev/null 2>&1
total=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
id=$(grep -m1 -E '^c?fn=\([0-9]+\) openfem::core::assess::evaluate$' "$out" | sed -E 's/^c?fn=\(([0-9]+)\).*/\1/')
calls=$(grep -A1 "cfn=($id)" "$out" | awk -F'[= ]' '/calls/ {s += $2} END {print s}')
rm -f "$out"
echo "evaluate: $calls calls, $((total / calls)) instructions per rescore"
