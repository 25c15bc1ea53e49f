#!/usr/bin/env bash
# Clustering quality on Banking77 and clusterer throughput.
# Usage: scripts/eval-clustering.sh DATA_DIR [extra vedetta-eval clustering options]
#   DATA_DIR is the shared data folder (holding banking77/train.csv); seeds 1-3. BENCH=1 adds the 1M-report bench.
set -euo pipefail
data="${1:?usage: scripts/eval-clustering.sh DATA_DIR [options]}"
shift
cd "$(dirname "$0")/.."
VEDETTA_PURE=1 swift build -c release --product vedetta-eval
bin="$(VEDETTA_PURE=1 swift build -c release --product vedetta-eval --show-bin-path)/vedetta-eval"
"$bin" clustering --banking77 "$data/banking77/train.csv" --runs 3 "$@"
if [[ "${BENCH:-0}" == "1" ]]; then
    for k in 100 10000 100000; do "$bin" clustering-bench --reports 1000000 --clusters "$k"; done
fi
