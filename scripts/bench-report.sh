#!/bin/sh
# Times the month report over 1,000,000 events and a month of incidents (target: < 10 s).
# Usage: scripts/bench-report.sh [STATE_DIR] [debug|release]
# The store is generated once into STATE_DIR (default /tmp/vedetta-bench-report) and reused by later runs.
set -eu
cd "$(dirname "$0")/.."
dir=${1:-/tmp/vedetta-bench-report}
config=${2:-debug}
swift build -c "$config" --product vedetta-bench
"$(swift build -c "$config" --show-bin-path)/vedetta-bench" report --dir "$dir" --events 1000000 --incidents 120
