#!/usr/bin/env bash
# Measures the git history walk of `secrets --git-history` (src/secrets/history.h) on a repository
# of N commits (default 10 000) written by `git fast-import` (bench/lib/history_repo.py): a first
# run that fills fledger.db, an unchanged re-run, a re-run after 100 more commits, and a run
# without state. The scanner is a stand-in that finds the literal `SECRET=`, so the figures are
# the walk's own cost. Target (issue 9): seconds, not minutes, for 10 000 commits.
# Usage: bench/history_bench.sh [COMMITS]   Environment: JOBS (scanning threads, default all).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
commits="${1:-10000}"
build="${BUILD:-build/dev}"
cmake --build "$build" --target fledger_tests >/dev/null
tests="$PWD/$build/tests/fledger_tests"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/fledger-history-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
git init -q "$tmp/repo"
python3 bench/lib/history_repo.py "$commits" | git -C "$tmp/repo" fast-import --done --quiet
git -C "$tmp/repo" symbolic-ref HEAD refs/heads/main
echo "repository: $commits commits, $(du -sh "$tmp/repo/.git" | cut -f1) in .git"

run() {  # label, then environment assignments
  local label="$1"
  shift
  env FLEDGER_HISTORY_BENCH_REPO="$tmp/repo" FLEDGER_HISTORY_BENCH_LABEL="$label" \
    ${JOBS:+FLEDGER_HISTORY_BENCH_JOBS=$JOBS} "$@" \
    /usr/bin/time -f "  peak RSS %M KiB, %e s wall, %U s user" \
    "$tests" --gtest_also_run_disabled_tests --gtest_filter='SecretsHistoryBench.*' 2>&1 |
    grep -E '^history-bench|peak RSS|warning:' || true
}
run first FLEDGER_HISTORY_BENCH_DB="$tmp/fledger.db"
run unchanged FLEDGER_HISTORY_BENCH_DB="$tmp/fledger.db"
python3 bench/lib/history_repo.py 100 --append "$commits" | git -C "$tmp/repo" fast-import --done --quiet
run "+100 commits" FLEDGER_HISTORY_BENCH_DB="$tmp/fledger.db"
run "no state"
