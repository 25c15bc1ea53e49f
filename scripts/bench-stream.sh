#!/usr/bin/env bash
# The benches' large stream: autumn-mixed stretched to WEEKS weeks (21 ≈ 1,000,000 events), simulated once by
# BINARY into /tmp/vedetta-bench-replay-WEEKS and reused; prints that folder (events.jsonl, truth.json).
# Usage: scripts/bench-stream.sh WEEKS BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
weeks="${1:?usage: scripts/bench-stream.sh WEEKS BINARY}"
binary="${2:?usage: scripts/bench-stream.sh WEEKS BINARY}"
dir=/tmp/vedetta-bench-replay-$weeks
if [[ ! -s $dir/events.jsonl ]]; then
  mkdir -p "$dir"
  sed "s/^weeks: .*/weeks: $weeks/; s/^name: .*/name: bench-$weeks-weeks/" scenarios/autumn-mixed.yaml > "$dir/scenario.yaml"
  "$binary" simulate --scenario "$dir/scenario.yaml" --out "$dir" >/dev/null
fi
echo "$dir"
