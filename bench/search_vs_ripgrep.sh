#!/usr/bin/env bash
# Measures `fledger search` against ripgrep (Debian's ripgrep) on the same tree, side by side:
# wall time (hyperfine, several runs, warm cache), peak memory (/usr/bin/time), and hit counts
# (which must agree). Usage: bench/search_vs_ripgrep.sh [TREE] [PATTERN]
# Default tree: /usr/include (real C/C++ headers, present on every machine with build-essential).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tree="${1:-/usr/include}"
pattern="${2:-EXPORT_SYMBOL|[a-z]+_alloc\(}"
scripts/install-deps.sh >/dev/null
if [ ! -x build/release/fledger ]; then
  cmake --preset release >/dev/null && cmake --build --preset release --target fledger >/dev/null
fi
fledger="$PWD/build/release/fledger"
command -v rg >/dev/null || { echo "ripgrep missing" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine missing" >&2; exit 2; }

files=$(find "$tree" -type f | wc -l)
size=$(du -sh "$tree" | cut -f1)
echo "Tree: $tree ($files files, $size); pattern: $pattern; cores: $(nproc)"
echo "fledger $("$fledger" --version | cut -d' ' -f2), $(rg --version 2>/dev/null | sed -n 1p)"

# Both tools: regex search, line numbers, respect ignore files, skip binary, no colour.
rg_cmd="rg -n --no-heading --color never -e '$pattern' '$tree'"
fl_cmd="'$fledger' search '$pattern' '$tree' --quiet"
rg_hits=$(eval "$rg_cmd" | wc -l || true)
fl_hits=$(( $(eval "$fl_cmd" | wc -l) - 1 ))
echo "Hits: ripgrep $rg_hits, fledger $fl_hits"

json=$(mktemp)
hyperfine --warmup 2 --runs 10 --export-json "$json" -N \
  --command-name ripgrep "$rg_cmd" --command-name fledger "$fl_cmd" >/dev/null 2>&1 ||
hyperfine --warmup 2 --runs 10 --export-json "$json" \
  --command-name ripgrep "$rg_cmd" --command-name fledger "$fl_cmd" >/dev/null
read -r rg_mean fl_mean < <(jq -r '[.results[0].mean, .results[1].mean] | @tsv' "$json")
rm -f "$json"
rss() { /usr/bin/time -f '%M' bash -c "$1 >/dev/null" 2>&1 | tail -1; }
rg_rss=$(rss "$rg_cmd")
fl_rss=$(rss "$fl_cmd")
awk -v a="$rg_mean" -v b="$fl_mean" -v ra="$rg_rss" -v rb="$fl_rss" 'BEGIN {
  printf "Wall time (mean of 10): ripgrep %.1f ms, fledger %.1f ms, ratio fledger/ripgrep %.2fx\n", a*1000, b*1000, b/a
  printf "Peak RSS: ripgrep %.1f MiB, fledger %.1f MiB, ratio %.2fx\n", ra/1024, rb/1024, rb/ra
}'
