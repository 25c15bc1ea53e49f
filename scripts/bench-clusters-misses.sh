#!/usr/bin/env bash
# Deterministic companion of scripts/bench-clusters.sh: instructions and simulated cache misses per report inside
# the clusterer (`OnlineClusterer.process`), counted by valgrind's callgrind, as the active clusters grow. Unlike
# timings these counts do not move with the machine's load, so a change to the cluster state's layout can be
# measured by them.
# Usage: scripts/bench-clusters-misses.sh [K ...]   (default: 100 100000)
#   For each K: `clustering-bench --clusters K --stream uniform --warmup 3`, once with 50,000 timed reports and
#   once with 150,000; the difference of the two runs' counts is 100,000 timed reports' (the warm-up, the bench's
#   own work and what is not inside `process` cancel out). Caches simulated: 48 KiB L1 data (this machine's), 32 MiB
#   last level (its L3), 64-byte lines; an LL miss is a trip to DRAM. About 25 minutes for the default K.
#   Repeatable to about 0.1% (Swift seeds its hash tables per process: K = 100 gave 63,168 and 63,151
#   instructions per report in two runs), where timings here move by 5-15%.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v valgrind >/dev/null; then
    SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq valgrind >/dev/null
fi
ks=("$@")
[[ ${#ks[@]} -gt 0 ]] || ks=(100 100000)
bin="$(scripts/eval-bin.sh)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# valgrind 3.19 cannot read the Swift toolchain's debug info; the symbol table is enough to find `process`.
cp "$bin" "$work/vedetta-eval"
strip --strip-debug "$work/vedetta-eval"
process='$s11VedettaCore15OnlineClustererV7process_10normalized7serviceSayAA13ClusterUpdateOGAA11TicketEventV_AA14NormalizedTextVSgSSSgtFAA17LexicalFeaturizerV_Ts5'
# A renamed or re-typed `process` would match nothing and every count would silently be 0.
if ! nm "$work/vedetta-eval" | grep -F " $process" >/dev/null; then  # not -q: nm would die of SIGPIPE under pipefail
    echo "bench-clusters-misses: symbol $process not in vedetta-eval (did OnlineClusterer.process change?)" >&2
    exit 1
fi
count() {  # K REPORTS -> "Ir D1mr D1mw DLmr DLmw" inside process
    valgrind --tool=callgrind --cache-sim=yes --D1=49152,12,64 --I1=32768,8,64 --LL=33554432,16,64 \
        --toggle-collect="$process" --callgrind-out-file="$work/out" \
        "$work/vedetta-eval" clustering-bench --clusters "$1" --stream uniform --warmup 3 --reports "$2" >/dev/null 2>&1
    local totals
    totals="$(callgrind_annotate "$work/out" | grep 'PROGRAM TOTALS' | tr -d ',' | awk '{print $1, $9, $11, $15, $17}')"
    if [[ -z "$totals" || "${totals%% *}" == 0 ]]; then
        echo "bench-clusters-misses: nothing counted inside process for K = $1" >&2
        exit 1
    fi
    echo "$totals"
}
echo "per timed report inside OnlineClusterer.process (callgrind; uniform topics, 3 warm-up reports per topic):"
for k in "${ks[@]}"; do
    # Assigned first: a failed count then stops the script (set -e), which a here-string would not.
    short="$(count "$k" 50000)"
    long="$(count "$k" 150000)"
    read -r i1 r1 w1 lr1 lw1 <<<"$short"
    read -r i2 r2 w2 lr2 lw2 <<<"$long"
    awk -v k="$k" -v i=$((i2 - i1)) -v r=$((r2 - r1)) -v w=$((w2 - w1)) -v lr=$((lr2 - lr1)) -v lw=$((lw2 - lw1)) 'BEGIN {
        n = 100000
        printf "  K = %7d: %6.0f instructions, L1 misses %5.0f read %5.0f write, DRAM (32 MiB LL) misses %5.1f read %5.1f write\n",
            k, i / n, r / n, w / n, lr / n, lw / n }'
done
