#!/usr/bin/env bash
# The clusterer's time per report as the active clusters grow, on the four streams of the README's table
# (Measured, Speed, session 20), each ending with the bench's growth summary against K = 100.
# Usage: scripts/bench-clusters.sh [--million]
#   1,000,000 reports per run, release, one core: uniform and Zipf at K = 100, 1,000, 10,000, 100,000 (clusters
#   forming), uniform with 20 warm-up reports per topic (clusters established), and 100 hot topics among K
#   established clusters (3 warm-up reports per topic). --million adds K = 1,000,000 to the hot run (about 6 GB
#   at its peak, 3 minutes more). About 4 minutes in all on the build machine; run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
hot="100,1000,10000,100000"
if [[ "${1:-}" == "--million" ]]; then hot="$hot,1000000"; elif [[ -n "${1:-}" ]]; then
    echo "usage: scripts/bench-clusters.sh [--million]" >&2
    exit 2
fi
bin="$(scripts/eval-bin.sh)"
echo "$(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
"$bin" clustering-bench --reports 1000000 --clusters 100,1000,10000,100000 --stream both
"$bin" clustering-bench --reports 1000000 --clusters 100,1000,10000,100000 --stream uniform --warmup 20
"$bin" clustering-bench --reports 1000000 --clusters "$hot" --warmup 3 --hot 100
