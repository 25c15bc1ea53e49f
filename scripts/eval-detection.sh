#!/usr/bin/env bash
# Detection quality on the shipped scenarios (pure engine, release build, no store).
# Usage: scripts/eval-detection.sh [--verbose] [--seed N | --seeds N] [--topic-dims N] [scenario.yaml ...]
#   (default: every scenario except the demo; --verbose prints each failure's outcome and each false alert;
#   --topic-dims 0 turns the clusterer's topic space off, as it was by default before session 16)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(scripts/eval-bin.sh)"
options=()
files=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --verbose) options+=("$1") ;;
    --seed|--seeds|--topic-dims) options+=("$1" "$2"); shift ;;
    *) files+=("$1") ;;
  esac
  shift
done
if [[ ${#files[@]} -eq 0 ]]; then files=($(ls scenarios/*.yaml | grep -v '/demo.yaml$')); fi
"$bin" detection --rules rules "${options[@]}" "${files[@]}"
