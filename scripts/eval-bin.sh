#!/usr/bin/env bash
# Builds vedetta-eval (release, pure targets only) and prints its path; the build's own output goes to stderr.
# Used by the eval-*.sh scripts: bin="$(scripts/eval-bin.sh)".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh build >&2  # jemalloc, which the executables link
VEDETTA_PURE=1 swift build -c release --scratch-path .build-pure --product vedetta-eval >&2
echo "$(VEDETTA_PURE=1 swift build -c release --scratch-path .build-pure --product vedetta-eval --show-bin-path)/vedetta-eval"
