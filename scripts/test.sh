#!/usr/bin/env bash
# The whole test suite: installs missing test peers (SMTP server, Chromium, systemd tools, wrk), builds and runs
# every test. Usage: scripts/test.sh [extra swift test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh test
swift build --build-tests
swift test --skip-build "$@"
