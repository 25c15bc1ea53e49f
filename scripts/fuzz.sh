#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/Package.swift) with the fuzzer and address sanitizers and runs each for a
# bounded time, starting from the seed corpus in fuzz/corpus/<target>/. New inputs go to
# fuzz/.build/corpus/<target>/ (not committed); a crash leaves its input in fuzz/.build/artifacts/<target>/ and
# makes the script exit 1 after the remaining targets ran.
#
# Usage: scripts/fuzz.sh [seconds-per-target] [target...]
#   targets: event-parser rules-loader text (default: all)
#   FUZZ_CONFIGURATION=debug   build without optimisation (faster to build, about 5x fewer execs/s)
#   FUZZ_JOBS=N                libFuzzer -fork=N (default: no fork, one process per target)
#   FUZZ_KEEP_GOING=1          with FUZZ_JOBS: -ignore_crashes=1, go on after a crash to count them all
# Prints one summary line per target: execs, execs/s, coverage (libFuzzer's "cov" edges), corpus size, result.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(event-parser rules-loader text)
configuration="${FUZZ_CONFIGURATION:-release}"

# One combined -sanitize: swiftc keeps only the last -sanitize option, so `--sanitize=fuzzer --sanitize=address`
# silently builds without coverage instrumentation (libFuzzer then finds nothing "interesting").
# SwiftPM still needs --sanitize=fuzzer to link libFuzzer's main instead of the target's.
swift build --package-path fuzz -c "$configuration" --sanitize=fuzzer --sanitize=address \
  -Xswiftc -sanitize=fuzzer,address >&2
bin="fuzz/.build/$configuration"
status=0
summary=()
for target in "${targets[@]}"; do
  work="fuzz/.build/corpus/$target"
  artifacts="fuzz/.build/artifacts/$target/"
  log="fuzz/.build/logs/$target.log"
  rm -rf "$artifacts"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  echo "fuzz: $target for ${seconds}s" >&2
  set +e
  # The Swift runtime's backtracer and ASan fight over a crashing process (it can hang): libFuzzer reports.
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" "$bin/fuzz-$target" "$work" "fuzz/corpus/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$artifacts" ${FUZZ_JOBS:+-fork=$FUZZ_JOBS} ${FUZZ_KEEP_GOING:+-ignore_crashes=1} > "$log" 2>&1
  rc=$?
  set -e
  execs="$(awk '/stat::number_of_executed_units/{print $2}' "$log" | tail -1)"
  [ -n "$execs" ] || execs="$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')"
  rate="$(awk '/stat::average_exec_per_sec/{print $2}' "$log" | tail -1)"
  cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | awk '{print $2}')"
  corpus="$(ls "$work" | wc -l)"
  crashes="$(ls "$artifacts" | grep -c '^crash-' || true)"
  if [ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ]; then result="no crash"; else
    result="FAILED (exit $rc, $crashes crash inputs): $(ls "$artifacts" | head -3 | tr '\n' ' ')"
    status=1
    grep -m5 -E 'Fatal error|ERROR: AddressSanitizer|ERROR: libFuzzer|SUMMARY' "$log" >&2 || true
  fi
  if [ "${cov:-0}" -eq 0 ] && [ "$status" -eq 0 ]; then result="FAILED: no coverage (not instrumented)"; status=1; fi
  summary+=("$target: ${execs:-?} execs, ${rate:-?} execs/s, cov ${cov:-?}, corpus $corpus, $result")
done
printf 'fuzz: %s\n' "${summary[@]}"
exit "$status"
