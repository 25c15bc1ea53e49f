#!/usr/bin/env bash
# The SIGKILL harness alone, as long as you like: kills the real daemon at seeded-random moments (spool ingest,
# engine work and checkpoints, alert files and SMTP delivery, report writing), restarts it, and compares the
# stored events, incidents, outbox, alert files, mails and reports with an uninterrupted run of the same stream.
#
# Usage: scripts/crash-harness.sh [KILLS [SEED...]]   e.g. scripts/crash-harness.sh 100 1 2 3
# Defaults: 20 kills, seed 7 (what the test suite runs). Each seed's kill log is printed and kept in
# $TMPDIR/crash-harness-report-SEED.txt. Exit status 1 when any seed finds something lost, duplicated or changed.
set -euo pipefail
cd "$(dirname "$0")/.."
kills="${1:-20}"
shift || true
seeds=("$@")
[ ${#seeds[@]} -eq 0 ] && seeds=(7)
scripts/ensure-deps.sh test
swift build --build-tests
status=0
for seed in "${seeds[@]}"; do
    echo "== seed $seed, $kills kills"
    if ! VEDETTA_CRASH_KILLS="$kills" VEDETTA_CRASH_SEED="$seed" \
        swift test --skip-build --filter CrashHarnessTests; then
        status=1
    fi
    cp "${TMPDIR:-/tmp}/crash-harness-report.txt" "${TMPDIR:-/tmp}/crash-harness-report-$seed.txt" 2>/dev/null || true
done
exit $status
