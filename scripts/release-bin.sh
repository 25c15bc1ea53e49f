#!/usr/bin/env bash
# Builds vedetta (release, .build-release) and prints its path; the build's output is shown only if it fails.
# Used by the bench scripts: bin="$(scripts/release-bin.sh)".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh build >&2  # jemalloc, which the executables link
log=$(mktemp)
swift build -c release --product vedetta --scratch-path .build-release >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; exit 1; }
rm -f "$log"
echo "$PWD/.build-release/release/vedetta"
