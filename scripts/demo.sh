#!/usr/bin/env bash
# Vedetta's main job on its embedded default: builds, simulates three working days of Italian help-desk
# tickets with two injected failures, runs the daemon on ./var/demo (SQLite) and shows what it found, then keeps
# serving on http://127.0.0.1:8425/ until Ctrl-C. Extra arguments go to `vedetta demo` (e.g. --exit).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh demo
swift build --product vedetta
exec "$(swift build --show-bin-path)/vedetta" demo --state-dir ./var/demo "$@"
