#!/usr/bin/env bash
# Measures `fledger secrets` against ripgrep (22 secret patterns) and secretlint (recommended preset)
# on the same generated corpus, side by side: wall time, MB/s per core, CPU time, peak RSS
# (/usr/bin/time), recall of the planted secrets, look-alikes reported, and planted values that
# appear in each tool's output. Then, if fledger has it, `fledger secrets --git-history` on a
# generated repository of COMMITS commits (first run, unchanged re-run, re-run after 100 commits).
#
# Usage: bench/secrets_bench.sh [SEED] [SIZE_MB]      (defaults 20261202 and 500; 100 for a quick run)
# Environment: RUNS (timed runs of fledger and ripgrep, the median is kept; default 3),
#   SL_RUNS (secretlint runs, default 1), COMMITS (history bench, default 10000; 0 skips it),
#   BENCH_DIR (where the corpus, outputs and repository go; default $TMPDIR/fledger-secrets-bench;
#   a corpus of the same seed and size is reused), SECRETLINT_VERSION (default 13.0.6).
# The corpus is built by bench/secrets/gen_corpus.py, scored by bench/secrets/score.py.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"
seed="${1:-${SEED:-20261202}}"
size="${2:-${SIZE_MB:-500}}"
runs="${RUNS:-3}"
sl_runs="${SL_RUNS:-1}"
commits="${COMMITS:-10000}"
sl_version="${SECRETLINT_VERSION:-13.0.6}"  # the version the figures in docs/performance.md used
work="${BENCH_DIR:-${TMPDIR:-/tmp}/fledger-secrets-bench}"
cores="$(nproc)"
mkdir -p "$work"

# --- tools -------------------------------------------------------------------------------------
for tool in python3 node npm git; do
  command -v "$tool" >/dev/null || { echo "$tool missing" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing (Debian package time)" >&2; exit 2; }
if ! command -v rg >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ripgrep (Debian)" >&2
    apt-get install -y -qq ripgrep >/dev/null
  else
    echo "ripgrep missing: sudo apt-get install ripgrep" >&2; exit 2
  fi
fi
tools="$repo/build/bench-tools/secretlint"
secretlint="$tools/node_modules/.bin/secretlint"
if [ ! -x "$secretlint" ] || ! "$secretlint" --version 2>/dev/null | grep -qx "$sl_version"; then
  echo "Installing secretlint $sl_version into $tools" >&2
  mkdir -p "$tools"
  npm install --silent --no-audit --no-fund --prefix "$tools" "secretlint@$sl_version" \
    "@secretlint/secretlint-rule-preset-recommend@$sl_version" >/dev/null
fi
# Always a Release build, brought up to date (a no-op when nothing changed).
[ -f build/release/build.ninja ] || cmake --preset release >/dev/null
cmake --build --preset release --target fledger >/dev/null
fledger="$repo/build/release/fledger"
has_secrets=1
"$fledger" --help 2>/dev/null | grep -qE '^ +secrets( |$)' || has_secrets=0
has_history=0
[ "$has_secrets" = 1 ] && "$fledger" secrets --help 2>/dev/null | grep -q -- '--git-history' && has_history=1

# --- corpus ------------------------------------------------------------------------------------
corpus="$work/corpus-s$seed-${size}mb"
truth="$corpus.truth.json"
if [ ! -f "$truth" ]; then
  rm -rf "$corpus"
  start=$(date +%s.%N)
  python3 bench/secrets/gen_corpus.py --seed "$seed" --out "$corpus" --size-mb "$size" >&2
  echo "Corpus generated in $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }') s" >&2
fi
echo "fledger $("$fledger" --version | cut -d' ' -f2) (commit $(git rev-parse --short HEAD)), $(rg --version | sed -n 1p)," \
  "secretlint $("$secretlint" --version); $cores cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
# Warm the page cache: every tool reads the tree from memory.
find "$corpus" -type f -print0 | xargs -0 cat >/dev/null

# --- measurements ------------------------------------------------------------------------------
out="$work/out"
rm -rf "$out" && mkdir -p "$out"
tsv="$out/runs.tsv"
: >"$tsv"
# measure NAME FORMAT OUTPUT CORES RUNS STDOUT -- COMMAND...: the median wall and CPU time of RUNS
# runs and the largest peak RSS; STDOUT is where the command's standard output goes.
measure() {
  local name="$1" fmt="$2" output="$3" used="$4" n="$5" stdout="$6"
  shift 7
  local walls="" cpus="" rss=0 rc e m u s
  for _ in $(seq 1 "$n"); do
    rc=0
    /usr/bin/time -f '%e %M %U %S' -o "$out/time.txt" "$@" >"$stdout" 2>"$out/stderr.txt" || rc=$?
    if [ "$rc" -gt 1 ]; then
      echo "$name: exit $rc: $(tail -3 "$out/stderr.txt")" >&2
    fi
    read -r e m u s < <(tail -1 "$out/time.txt")
    walls="$walls $e"
    cpus="$cpus $(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')"
    [ "$m" -gt "$rss" ] && rss="$m"
  done
  median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$fmt" "$output" "$used" \
    "$(echo "$walls" | median)" "$rss" "$(echo "$cpus" | median)" >>"$tsv"
  echo "  $name: median of $n: $(echo "$walls" | median) s" >&2
}

echo "Measuring (warm cache; fledger and ripgrep: median of $runs runs, secretlint: $sl_runs)" >&2
if [ "$has_secrets" = 1 ]; then
  measure "fledger --jobs $cores" fledger "$out/fledger.json" "$cores" "$runs" /dev/null -- \
    "$fledger" secrets "$corpus" --format json -o "$out/fledger.json" --quiet
  measure "fledger --jobs 1" fledger "$out/fledger-j1.json" 1 "$runs" /dev/null -- \
    "$fledger" secrets "$corpus" --format json -o "$out/fledger-j1.json" --quiet --jobs 1
  if ! cmp -s <(jq -S .findings "$out/fledger.json") <(jq -S .findings "$out/fledger-j1.json"); then
    echo "WARNING: fledger's findings differ between --jobs $cores and --jobs 1" >&2
  fi
else
  echo "NOTE: this fledger has no 'secrets' verb yet: its rows are skipped" >&2
fi
rg_args=(-o -n --column --null --no-heading --with-filename --no-ignore --hidden --color never
         -f "$repo/bench/secrets/rg-patterns.txt")
measure "ripgrep -j$cores" rg "$out/rg.txt" "$cores" "$runs" "$out/rg.txt" -- rg "${rg_args[@]}" "$corpus"
measure "ripgrep -j1" rg "$out/rg-j1.txt" 1 "$runs" "$out/rg-j1.txt" -- rg -j1 "${rg_args[@]}" "$corpus"
# secretlint runs on one thread (Node); its JSON embeds every file's content (masked where it found
# something), so its "values in output" counts what that embedding shows.
measure "secretlint" secretlint "$out/secretlint.json" 1 "$sl_runs" /dev/null -- \
  "$secretlint" "$corpus/**/*" --format json --output "$out/secretlint.json" --no-color \
  --secretlintrcJSON '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}'

echo
python3 bench/secrets/score.py --truth "$truth" --corpus "$corpus" --runs "$tsv" \
  --json "$out/summary.json" --examples "${EXAMPLES:-3}"

# --- summary -----------------------------------------------------------------------------------
echo
echo "Summary (MB = 10^6 bytes of the scanned files; per core = divided by the threads the tool ran;"
echo "MB/CPU s = per second of user+system CPU time, the figure to trust when the machine is busy):"
jq -r --arg cores "$cores" '
  def row(n): (.tools[] | select(.name == n));
  def has(n): ([.tools[] | select(.name == n)] | length) > 0;
  (if has("fledger --jobs 1") then
     (row("fledger --jobs 1")) as $f1 | (row("ripgrep -j1")) as $r1 | (row("fledger --jobs " + $cores)) as $f |
     "  fledger --jobs 1: \($f1.mbps_core | floor) MB/s per core (\($f1.mb_per_cpu_s | floor) MB per CPU second; target >= 500, aim 1000): \(if $f1.mbps_core >= 500 then "met" else "MISSED" end)",
     "  fledger --jobs \($cores): \($f.mbps_core | floor) MB/s per core, peak RSS \($f.rss_mib | floor) MiB (target < 200): \(if $f.rss_mib < 200 then "met" else "MISSED" end)",
     "  recall \($f.recall * 1000 | floor / 10)% (target >= 98%): \(if $f.recall >= 0.98 then "met" else "MISSED" end); look-alikes reported \($f.lookalike_rate * 1000 | floor / 10)% (target <= 2%): \(if $f.lookalike_rate <= 0.02 then "met" else "MISSED" end); planted values in output: \($f.leaks) (target 0): \(if $f.leaks == 0 then "met" else "MISSED" end)",
     "  ratio fledger/ripgrep at one thread (wall time): \(($f1.wall / $r1.wall) * 100 | floor / 100)x (target <= 1): \(if $f1.wall <= $r1.wall then "met" else "MISSED" end)"
   else "  fledger: not measured (no secrets verb)" end),
  (row("ripgrep -j1") | "  ripgrep -j1: \(.mbps_core | floor) MB/s per core, recall \(.recall * 1000 | floor / 10)%, look-alikes \(.lookalike_rate * 1000 | floor / 10)%"),
  (row("secretlint") | "  secretlint: \(.mbps_core * 10 | floor / 10) MB/s per core, \(.rss_mib | floor) MiB, recall \(.recall * 1000 | floor / 10)%, look-alikes \(.lookalike_rate * 1000 | floor / 10)%")
' "$out/summary.json"

# --- history -----------------------------------------------------------------------------------
[ "$commits" -gt 0 ] || exit 0
echo
if [ "$has_history" = 0 ]; then
  echo "History: SKIPPED: this fledger has no 'secrets --git-history' yet"
  exit 0
fi
hrepo="$work/history-$commits"
if [ ! -f "$hrepo.truth.json" ]; then
  rm -rf "$hrepo" "$hrepo.truth.json"
  bench/secrets/gen_history.sh "$commits" "$hrepo" >&2
fi
# Fresh state for the first run: the history state lives in the database --db names (the bench
# gives it its own file, so that no earlier run's state makes the first run incremental).
rm -rf "$work/hist-run" "$work/hist-run.db" && cp -a "$hrepo" "$work/hist-run"
hist="$work/hist-run"
htime() {  # LABEL OUTPUT
  local label="$1" o="$2" rc=0
  (cd "$hist" && /usr/bin/time -f '%e %M' -o "$out/htime.txt" "$fledger" secrets --git-history . \
      --db "$work/hist-run.db" --format json -o "$o" --quiet) 2>"$out/hstderr.txt" || rc=$?
  [ "$rc" -le 1 ] || echo "history ($label): exit $rc: $(tail -3 "$out/hstderr.txt")" >&2
  read -r e m < <(tail -1 "$out/htime.txt")
  printf '| %s | %s s | %.1f MiB | %s |\n' "$label" "$e" "$(awk -v m="$m" 'BEGIN { print m / 1024 }')" \
    "$(jq '.findings | length' "$o" 2>/dev/null || echo '?')"
}
echo "History: $(git -C "$hist" rev-list --all | wc -l) commits on $(git -C "$hist" for-each-ref | wc -l) refs"
echo "| run | wall | peak RSS | findings |"
echo "|---|---|---|---|"
htime "first run" "$out/history-1.json"
htime "re-run, nothing new" "$out/history-2.json"
bench/secrets/gen_history.sh 100 "$hist" --append >/dev/null
htime "re-run after 100 new commits" "$out/history-3.json"
echo "Planted in history: $(jq '.secrets | length' "$hrepo.truth.json") secrets" \
  "($(jq '[.secrets[] | select(.in_head)] | length' "$hrepo.truth.json") still in HEAD);" \
  "planted values in the first run's output: $(jq -r '.secrets[].needle' "$hrepo.truth.json" |
    grep -cFf - "$out/history-1.json" || true)"
