#!/usr/bin/env bash
# Times `vedetta replay` (release) over about 1,000,000 simulated events and prints events/s and peak memory.
# Usage: scripts/bench-replay.sh [WEEKS] [--report]
#   WEEKS (default 21, ≈ 1,000,000 events): autumn-mixed stretched to that many weeks, simulated once into
#   /tmp/vedetta-bench-replay-WEEKS and reused. Without --report the replay runs with --no-report
#   (incidents.jsonl, assignments.jsonl and alert files; no event store, no report); with it, both runs.
set -euo pipefail
cd "$(dirname "$0")/.."
weeks=${1:-21}
withReport=${2:-}
if [[ ! -x /usr/bin/time ]]; then  # peak RSS comes from GNU time (Debian package `time`)
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq time >/dev/null
fi
bin="$(scripts/release-bin.sh)"
dir="$(scripts/bench-stream.sh "$weeks" "$bin")"
echo "events: $(wc -l < "$dir/events.jsonl") ($(du -h "$dir/events.jsonl" | cut -f1)), $(nproc) cores"
run() {
  local label=$1; shift
  rm -rf "$dir/out"
  /usr/bin/time -f "%M" -o "$dir/time.txt" "$bin" replay "$dir/events.jsonl" --out "$dir/out" "$@" | head -1
  echo "  $label: peak memory (max RSS) $(( $(cat "$dir/time.txt") / 1024 )) MiB"
}
run "replay --no-report" --no-report
if [[ $withReport == --report ]]; then run "replay with store and report"; fi
