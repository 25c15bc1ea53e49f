#!/usr/bin/env bash
# The count test on real bursty counts: NAB's realTweets series (tweets mentioning a company every 5 minutes,
# labelled anomaly windows), each series one service whose reports all say the same thing, so only volume speaks.
# Usage: scripts/eval-detection-nab.sh DATA_DIR [--verbose]   (DATA_DIR holds nab/realTweets_windows.json)
set -euo pipefail
data="${1:?usage: scripts/eval-detection-nab.sh DATA_DIR [--verbose]}"
shift
cd "$(dirname "$0")/.."
bin="$(scripts/eval-bin.sh)"
"$bin" detection-nab --data "$data" --rules rules "$@"
