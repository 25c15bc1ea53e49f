#!/usr/bin/env bash
# HTTP ingest benchmark: starts `vedetta serve` (release build) on 127.0.0.1 with a fresh state folder, drives
# POST /v1/events with wrk for a bounded time (NDJSON batches of unique events), then stops everything and
# prints events/s, request latency percentiles, non-200 answers, the daemon's peak RSS (VmHWM) and the number
# of events stored. Traffic stays on the loopback interface.
#
# Usage: scripts/bench-http.sh [--duration 20] [--connections 4] [--threads 2] [--batch 100] [--binary PATH]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh build >&2  # jemalloc, which the executables link
duration=20
connections=4
threads=2
batch=100
binary=".build/release/vedetta"
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --binary) binary="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-http: unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "bench-http: wrk is missing (apt-get install wrk)" >&2; exit 1; }
if [ ! -x "$binary" ]; then
  swift build -c release --static-swift-stdlib --product vedetta >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/vedetta-bench.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
token="bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
echo "$token" > "$work/token"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

"$binary" serve --state-dir "$work/state" --listen "127.0.0.1:$port" --token-file "$work/token" \
  --log-level warning 2> "$work/daemon.log" &
pid=$!
for _ in $(seq 1 300); do
  if curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  kill -0 "$pid" 2>/dev/null || { cat "$work/daemon.log" >&2; exit 1; }
  sleep 0.1
done

cat > "$work/ingest.lua" <<LUA
-- Each request: $batch NDJSON events with ids unique per thread and request.
local threads = {}
local counter = 0
local batch = $batch

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  non200 = 0
  retries = 0
end

local texts = {
  "non riesco a scaricare il DURC, errore 503",
  "SPID login fails with error 1003 since this morning",
  "il portale risponde lentamente e poi va in timeout",
  "impossibile inviare la denuncia di infortunio, pulsante invia non funziona",
}

function request()
  counter = counter + 1
  local lines = {}
  for i = 1, batch do
    local n = counter * batch + i
    lines[i] = string.format(
      '{"id":"B%d-%d","ticket":"BO-%d-%d","type":"opened","at":"2026-03-02T09:%02d:%02d+01:00","queue":"backoffice","service":"durc-online","requester":"r-%d","text":"%s %d"}',
      tid, n, tid, n, math.floor(n / 60) % 60, n % 60, n % 997, texts[(n % #texts) + 1], n)
  end
  return wrk.format("POST", "/v1/events", {
    ["Authorization"] = "Bearer $token",
    ["Content-Type"] = "application/x-ndjson",
  }, table.concat(lines, "\n") .. "\n")
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if status == 429 or status == 503 then retries = retries + 1 end
  end
end

function done(summary, latency, requests)
  local bad, retry = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non200")
    retry = retry + t:get("retries")
  end
  local ok = summary.requests - bad
  local seconds = summary.duration / 1e6
  io.write(string.format("requests: %d (%d non-200, of which %d 429/503), errors: connect %d read %d write %d timeout %d\n",
    summary.requests, bad, retry, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("events/s (acknowledged): %.0f\n", ok * batch / seconds))
  io.write(string.format("requests/s: %.0f\n", summary.requests / seconds))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("latency p%s: %.2f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("latency max: %.2f ms\n", latency.max / 1000))
end
LUA

echo "bench-http: $duration s, $threads threads, $connections connections, $batch events per request, $(nproc) cores" >&2
wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 30s -s "$work/ingest.lua" "http://127.0.0.1:$port/v1/events" \
  | tee "$work/wrk.out" | sed -n '/^requests:/,$p'

hwm="$(awk '/VmHWM/{print $2, $3}' "/proc/$pid/status")"
echo "daemon peak RSS (VmHWM): $hwm"
started=$(date +%s.%N)
kill -TERM "$pid"
wait "$pid" || { echo "bench-http: daemon exited with status $?" >&2; cat "$work/daemon.log" >&2; }
pid=""
echo "shutdown (drain + checkpoint): $(echo "$(date +%s.%N) - $started" | bc 2>/dev/null || echo '?') s"
if command -v sqlite3 >/dev/null; then
  echo "events stored: $(sqlite3 "$work/state/vedetta.db" 'SELECT COUNT(*) FROM events')"
fi
