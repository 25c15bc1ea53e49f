#!/usr/bin/env bash
# The whole test suite: installs missing test peers (SMTP server, Chromium, systemd tools, wrk), builds and runs
# every test, then runs each libFuzzer target for a bounded time (scripts/fuzz.sh).
# Usage: scripts/test.sh [extra swift test arguments]
#   VEDETTA_FUZZ_SECONDS=N   seconds per fuzz target (default 30; 0 skips fuzzing, e.g. with a --filter)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh test
swift build --build-tests
swift test --skip-build "$@"
fuzz_seconds="${VEDETTA_FUZZ_SECONDS:-30}"
if [ "$fuzz_seconds" -gt 0 ]; then scripts/fuzz.sh "$fuzz_seconds"; fi
