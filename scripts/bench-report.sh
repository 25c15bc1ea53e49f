#!/bin/sh
# Times the month report over 1,000,000 events and a month of incidents (target: < 10 s).
# Usage: scripts/bench-report.sh [STATE_DIR] [release|debug]
# Measured 2026-11 on the shared 2-core AMD EPYC VM: release build 6.8 s (best of 3), debug 24.9 s.
# The store is generated once into STATE_DIR (default /tmp/vedetta-bench-report) and reused by later runs.
set -eu
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh build >&2  # jemalloc, which the executables link
dir=${1:-/tmp/vedetta-bench-report}
config=${2:-release}  # one product only; debug is about 3.5x slower
swift build -c "$config" --product vedetta-bench
"$(swift build -c "$config" --show-bin-path)/vedetta-bench" report --dir "$dir" --events 1000000 --incidents 120
