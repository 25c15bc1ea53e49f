#!/usr/bin/env bash
# Soak run: the daemon (release build) takes a simulated month through its spool folder as fast as it can,
# while this script samples its memory. Prints one row per spool file (events processed by the engine, active
# clusters, RSS) and, at the end, the RSS growth over the second half of the run: a leak shows as growth that
# keeps going once the engine's windows and retirement horizons are full.
#
# Usage: scripts/soak.sh [--scenario scenarios/autumn-mixed.yaml] [--chunk 20000] [--binary PATH]
# Exit status 1 when RSS grew by more than 25% over the second half (or the daemon died).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh build >&2  # jemalloc, which the executables link
scenario="scenarios/autumn-mixed.yaml"
chunk=20000
binary=".build/release/vedetta"
while [ $# -gt 0 ]; do
  case "$1" in
    --scenario) scenario="$2"; shift 2 ;;
    --chunk) chunk="$2"; shift 2 ;;
    --binary) binary="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "soak: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ ! -x "$binary" ]; then swift build -c release --static-swift-stdlib --product vedetta >&2; fi

work="$(mktemp -d "${TMPDIR:-/tmp}/vedetta-soak.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
"$binary" simulate --scenario "$scenario" --out "$work/sim" >&2
total="$(wc -l < "$work/sim/events.jsonl")"
mkdir -p "$work/chunks"
split -l "$chunk" -d -a 4 --additional-suffix=.jsonl "$work/sim/events.jsonl" "$work/chunks/part-"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat > "$work/vedetta.yaml" <<YAML
stateDirectory: $work/state
rulesDirectory: $PWD/rules
listen: 127.0.0.1:$port
spoolIntervalSeconds: 0.2
spoolSettleSeconds: 0.2
YAML
"$binary" serve --config "$work/vedetta.yaml" --log-level warning 2> "$work/daemon.log" &
pid=$!
metric() { curl -fs "http://127.0.0.1:$port/metrics" | awk -v m="$1" '$1 == m { print int($2) }' | head -1; }
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/daemon.log" >&2; exit 1; }
  sleep 0.1
done
rss() { awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status"; }
started=$(date +%s.%N)
printf '%-16s %10s %10s %9s %8s\n' file events clusters rss-MiB seconds
rows=()
fed=0
for file in "$work"/chunks/part-*.jsonl; do
  lines="$(wc -l < "$file")"
  fed=$((fed + lines))
  mv "$file" "$work/state/spool/incoming/"
  # Wait until the engine has processed everything fed so far (bounded: 10 minutes per file).
  waited=0
  while :; do
    kill -0 "$pid" 2>/dev/null || { echo "soak: the daemon died" >&2; tail -20 "$work/daemon.log" >&2; exit 1; }
    done_events="$(metric vedetta_engine_events_total)"
    [ "${done_events:-0}" -ge "$fed" ] && break
    waited=$((waited + 1))
    [ "$waited" -lt 3000 ] || { echo "soak: $file not processed after 10 minutes" >&2; exit 1; }
    sleep 0.2
  done
  r="$(rss)"
  rows+=("$r")
  printf '%-16s %10s %10s %9s %8.1f\n' "$(basename "$file")" "$done_events" "$(metric vedetta_active_clusters)" "$r" \
    "$(echo "$(date +%s.%N) - $started" | bc)"
done
elapsed="$(echo "$(date +%s.%N) - $started" | bc)"
hwm="$(awk '/^VmHWM/ { print int($2 / 1024) }' "/proc/$pid/status")"
kill -TERM "$pid"; wait "$pid" || true; pid=""
n=${#rows[@]}
half="${rows[$((n / 2))]}"
last="${rows[$((n - 1))]}"
growth=$(( (last - half) * 100 / (half > 0 ? half : 1) ))
printf 'soak: %s events of %s in %.1f s (%.0f events/s end to end), peak RSS %s MiB, RSS %s MiB at half time and %s MiB at the end (%+d%%)\n' \
  "$total" "$(basename "$scenario")" "$elapsed" "$(echo "$total / $elapsed" | bc -l)" "$hwm" "$half" "$last" "$growth"
[ "$growth" -le 25 ] || { echo "soak: memory is not flat" >&2; exit 1; }
