#!/usr/bin/env bash
# Detection on timed streams built from Banking77 (real text; each intent a service): bursts of an intent
# (fast and slow ramp), a never-seen intent, and an undeclared rush of a frequent intent as a negative.
# Usage: scripts/eval-detection-banking77.sh DATA_DIR [--seeds 1,2,3] [--weeks N] [--verbose]
#   DATA_DIR: the shared data folder (holding banking77/train.csv); the texts are read in place.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 1 ]]; then echo "usage: $0 DATA_DIR [--seeds 1,2,3] [--weeks N] [--verbose] [--topic-dims N]" >&2; exit 2; fi
data="$1"; shift
bin="$(scripts/eval-bin.sh)"
"$bin" detection-banking77 --data "$data" "$@"
