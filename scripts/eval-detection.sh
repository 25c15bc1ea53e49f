#!/usr/bin/env bash
# Detection quality on the shipped scenarios (pure engine, release build, no store).
# Usage: scripts/eval-detection.sh [scenario.yaml ...]   (default: every scenario except the demo)
set -euo pipefail
cd "$(dirname "$0")/.."
VEDETTA_PURE=1 swift build -c release --product vedetta-eval
bin="$(VEDETTA_PURE=1 swift build -c release --product vedetta-eval --show-bin-path)/vedetta-eval"
if [[ $# -eq 0 ]]; then set -- $(ls scenarios/*.yaml | grep -v '/demo.yaml$'); fi
"$bin" detection --rules rules "$@"
