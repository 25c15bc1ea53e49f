#!/usr/bin/env bash
# Checkpoint cost of the daemon with a large engine state: `vedetta serve` (release) takes bench-replay's
# simulated stream (autumn-mixed stretched to WEEKS weeks, 21 ≈ 1,000,000 events, 31,000 live tickets at the end)
# through its spool; once the engine has consumed every event, prints the checkpoint metrics (time the loop
# stopped to hand one over, time to encode and store it, its size), then times SIGTERM to exit (drain and the
# final checkpoint) and a restart until the correlation loop is ready (loading the checkpoint).
# Usage: scripts/bench-checkpoint.sh [WEEKS] [--binary PATH]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh build >&2  # jemalloc, which the executables link (also a given --binary)
weeks=21
binary=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) weeks="$1"; shift ;;
  esac
done
if [ -z "$binary" ]; then binary="$(scripts/release-bin.sh)"; fi
dir="$(scripts/bench-stream.sh "$weeks" "$binary")"
total=$(wc -l < "$dir/events.jsonl")
work="$(mktemp -d "${TMPDIR:-/tmp}/vedetta-bench-checkpoint.XXXXXX")"
pid=""
since() { awk -v a="$(date +%s.%N)" -v b="$1" 'BEGIN { printf "%.2f", a - b }'; }
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
mkdir -p "$work/state/spool/incoming"
serve() { "$binary" serve --state-dir "$work/state" --listen "127.0.0.1:$port" --log-level info > "$work/$1" 2>&1 & pid=$!; }
serve daemon.log
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
cp "$dir/events.jsonl" "$work/events.tmp" && mv "$work/events.tmp" "$work/state/spool/incoming/events.jsonl"
started=$(date +%s.%N)
until [ "$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^vedetta_engine_events_total/{print $2}')" = "$total" ]; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/daemon.log" >&2; exit 1; }
  sleep 0.2
done
echo "events: $total through the spool, consumed in $(since "$started") s; $(nproc) cores"
curl -s "http://127.0.0.1:$port/metrics" | awk '
  /^vedetta_checkpoint_pause_seconds_(sum|count)/ || /^vedetta_checkpoint_seconds_(sum|count)/ || /^vedetta_checkpoint_bytes/ {
    printf "  %s %s\n", $1, $2 }'
started=$(date +%s.%N)
kill -TERM "$pid"; wait "$pid"; pid=""
echo "SIGTERM to exit (drain and final checkpoint): $(since "$started") s"
started=$(date +%s.%N)
serve restart.log
until grep -q 'correlation loop ready' "$work/restart.log"; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/restart.log" >&2; exit 1; }
  sleep 0.02
done
echo "restart until the loop is ready (checkpoint loaded): $(since "$started") s"
if grep -q 'checkpoint unusable' "$work/restart.log"; then echo "bench-checkpoint: the checkpoint was not usable" >&2; exit 1; fi
kill -TERM "$pid"; wait "$pid"; pid=""
