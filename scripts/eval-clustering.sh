#!/usr/bin/env bash
# Clustering quality on Banking77 and on the simulated Italian streams, and clusterer throughput.
# Usage: scripts/eval-clustering.sh DATA_DIR [extra vedetta-eval clustering options]
#   DATA_DIR is the shared data folder (holding banking77/train.csv and xsid/); seeds 1-3. xSID: Italian, English
#   and both together (with the share of parallel requests in one cluster). Then every scenario except the
#   demo, scored over its failure tickets (NMI/ARI against the failure id, clusters, clusters holding 90%).
#   BENCH=1 adds the 1M-report bench at 100, 10,000 and 100,000 latent topics (reports/s wall and CPU,
#   µs/report over the last tenth, lookup work per report, peak memory, this machine's memory latency over as
#   many blocks as clusters, and the growth from K = 100 of each).
set -euo pipefail
data="${1:?usage: scripts/eval-clustering.sh DATA_DIR [options]}"
shift
cd "$(dirname "$0")/.."
bin="$(scripts/eval-bin.sh)"
"$bin" clustering --banking77 "$data/banking77/train.csv" --runs 3 "$@"
# Lexical only (the topic space off, the default before session 16): Banking77 and the scenarios again.
"$bin" clustering --banking77 "$data/banking77/train.csv" --runs 3 --topic-dims 0 --label lexical "$@"
if [[ -f "$data/xsid/xsid_it.tsv" ]]; then
    "$bin" clustering --xsid "$data/xsid/xsid_it.tsv" --xsid "$data/xsid/xsid_en.tsv" --runs 3 "$@"
fi
scenarios=()
for s in $(ls scenarios/*.yaml | grep -v '/demo.yaml$'); do scenarios+=(--scenario "$s"); done
"$bin" clustering --rules rules "${scenarios[@]}" "$@"
"$bin" clustering --rules rules "${scenarios[@]}" --topic-dims 0 --label lexical "$@"
if [[ "${BENCH:-0}" == "1" ]]; then
    # One process for the three K, so that it ends with the growth summary (peak memory is then cumulative).
    "$bin" clustering-bench --reports 1000000 --clusters 100,10000,100000
fi
