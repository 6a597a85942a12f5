#!/usr/bin/env bash
# Builds and runs the whole test suite: unit, golden and end-to-end tests, all under
# AddressSanitizer and UndefinedBehaviorSanitizer with warnings as errors, then a short libFuzzer
# smoke run of every fuzz target. Safe to run again. FLEDGER_FUZZ_SECONDS is the smoke run's
# total budget, shared by all targets (default 180).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
scripts/install-deps.sh
jobs="$(nproc)"
start=$SECONDS

# One GCC build serves both the warnings gate (-Werror, at -O1 where GCC warns most) and the
# sanitizers: every unit, golden and end-to-end test runs under ASan and UBSan. (The plain `dev`
# preset is for day-to-day work; CI does not build it twice.)
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
echo "==> [1/3] ASan/UBSan build (GCC, -Werror) and every test"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
ctest --preset asan -j "$jobs"

echo "==> [2/3] Fledger on its own repository"
build/asan/fledger standards list >/dev/null
FLEDGER_DB="$PWD/build/self-assessment/fledger.db" \
  build/asan/fledger build-project-assessment OpenSSF . --out build/self-assessment --quiet | head -4

echo "==> [3/3] fuzz targets (clang, libFuzzer) smoke run"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"
# One time budget shared by all targets (FLEDGER_FUZZ_SECONDS, default 180), at least 3 s each.
targets=(fuzz/*_fuzz.cc)
budget="${FLEDGER_FUZZ_SECONDS:-180}"
secs=$(( budget / ${#targets[@]} ))
[ "$secs" -ge 3 ] || secs=3
fuzzers=0
for src in "${targets[@]}"; do
  name="$(basename "$src" .cc)"
  corpus="fuzz/corpus/$name"
  work="build/fuzz/corpus-$name"
  mkdir -p "$work" "$corpus"
  echo "--> $name for ${secs}s"
  "build/fuzz/$name" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=0 \
    "$work" "$corpus" 2>"build/fuzz/$name.log" || { tail -50 "build/fuzz/$name.log"; exit 1; }
  fuzzers=$((fuzzers + 1))
done
echo "==> $fuzzers fuzz targets ran clean"
echo "==> all test stages passed in $((SECONDS - start))s"
