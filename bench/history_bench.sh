#!/usr/bin/env bash
# Measures the git history walk of `secrets --git-history` (src/secrets/history.h) on a repository
# of N commits (default 10 000) written by `git fast-import` (bench/lib/history_repo.py): a first
# run that fills fledger.db, an unchanged re-run, a re-run after 100 more commits, and a run
# without state. The scanner is a stand-in that finds the literal `SECRET=`, so the figures are
# the walk's own cost. Then the same runs of the real command, `fledger secrets --git-history`
# (every built-in rule; the planted fake GitHub tokens are found). Target (issue 9): seconds, not
# minutes, for 10 000 commits.
# Usage: bench/history_bench.sh [COMMITS]
# Environment: JOBS (scanning threads, default all); BUILD (build directory, default build/dev;
# build/release for the figures in docs/secrets-history.md); WALK=0 skips the stand-in runs (they
# need the test binary), CLI=0 the real command's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
commits="${1:-10000}"
build="${BUILD:-build/dev}"
walk="${WALK:-1}"
cli="${CLI:-1}"
if [ "$walk" = 1 ]; then cmake --build "$build" --target fledger_tests >/dev/null; fi
if [ "$cli" = 1 ]; then cmake --build "$build" --target fledger >/dev/null; fi
tests="$PWD/$build/tests/fledger_tests"
fledger="$PWD/$build/fledger"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/fledger-history-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
git init -q "$tmp/repo"
python3 bench/lib/history_repo.py "$commits" | git -C "$tmp/repo" fast-import --done --quiet
git -C "$tmp/repo" symbolic-ref HEAD refs/heads/main
echo "repository: $commits commits, $(du -sh "$tmp/repo/.git" | cut -f1) in .git"

run() {  # label, then environment assignments
  [ "$walk" = 1 ] || return 0
  local label="$1"
  shift
  env FLEDGER_HISTORY_BENCH_REPO="$tmp/repo" FLEDGER_HISTORY_BENCH_LABEL="$label" \
    ${JOBS:+FLEDGER_HISTORY_BENCH_JOBS=$JOBS} "$@" \
    /usr/bin/time -f "  peak RSS %M KiB, %e s wall, %U s user" \
    "$tests" --gtest_also_run_disabled_tests --gtest_filter='SecretsHistoryBench.*' 2>&1 |
    grep -E '^history-bench|peak RSS|warning:' || true
}
# The real command: its summary line (commits, blobs, MB, seconds, secrets) and its peak memory.
run_cli() {  # label, then extra flags
  [ "$cli" = 1 ] || return 0
  local label="$1"
  shift
  printf 'secrets --git-history %-17s' "$label"
  /usr/bin/time -f "  peak RSS %M KiB, %e s wall, %U s user" \
    "$fledger" secrets --git-history "$tmp/repo" --db "$tmp/cli.db" ${JOBS:+--jobs $JOBS} "$@" \
    2>&1 >/dev/null | grep -E 'Scanned|peak RSS|warn' || true
}
run first FLEDGER_HISTORY_BENCH_DB="$tmp/fledger.db"
run unchanged FLEDGER_HISTORY_BENCH_DB="$tmp/fledger.db"
run_cli first
run_cli unchanged
python3 bench/lib/history_repo.py 100 --append "$commits" | git -C "$tmp/repo" fast-import --done --quiet
run "+100 commits" FLEDGER_HISTORY_BENCH_DB="$tmp/fledger.db"
run "no state"
run_cli "+100 commits"
run_cli "--no-incremental" --no-incremental
