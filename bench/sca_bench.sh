#!/usr/bin/env bash
# Measures Fledger's SCA pipeline (OSV import, lockfile extraction plus matching, SBOM) and, side
# by side, @cyclonedx/cyclonedx-npm writing an SBOM of the same package-lock.json: wall time
# (hyperfine, warm cache; the median of the runs, for every tool alike, because the shared VMs this
# runs on have bursts of host noise that move a mean by 20%), peak memory (/usr/bin/time) and
# component counts.
# Usage: bench/sca_bench.sh [ADVISORIES]   (default 50000 synthesized OSV records)
# Environment: RUNS (Fledger runs per command, default 20), CDX_RUNS (cyclonedx-npm runs,
# default 10), FLEDGER_CORPUS (the research corpus; default ../shared/corpus or ../../shared/corpus).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"
advisories="${1:-50000}"
runs="${RUNS:-20}"
cdx_runs="${CDX_RUNS:-10}"
cdx_version="${CDX_NPM_VERSION:-6.0.1}"  # the version the figures in docs/performance.md used

scripts/install-deps.sh >/dev/null
for tool in hyperfine jq python3 node npm; do
  command -v "$tool" >/dev/null || { echo "$tool missing" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing (Debian package time)" >&2; exit 2; }
# Always a Release build, brought up to date (a no-op when nothing changed).
[ -f build/release/build.ninja ] || cmake --preset release >/dev/null
cmake --build --preset release --target fledger >/dev/null
fledger="$repo/build/release/fledger"

# The peer, installed once into build/bench-tools (never globally).
tools="$repo/build/bench-tools"
cdx="$tools/node_modules/.bin/cyclonedx-npm"
if [ ! -x "$cdx" ]; then
  echo "Installing @cyclonedx/cyclonedx-npm@$cdx_version into $tools" >&2
  mkdir -p "$tools"
  npm install --silent --no-audit --no-fund --prefix "$tools" \
    "@cyclonedx/cyclonedx-npm@$cdx_version" >/dev/null
fi

# Inputs: the real-world lockfiles of the research corpus when it is there, else the same files as
# copied into the repository's test data.
corpus="${FLEDGER_CORPUS:-}"
if [ -z "$corpus" ]; then
  for c in ../shared/corpus ../../shared/corpus; do
    [ -d "$c/lockfiles/real-world-e2e" ] && { corpus="$(cd "$c" && pwd)"; break; }
  done
fi
if [ -n "$corpus" ] && [ -f "$corpus/lockfiles/real-world-e2e/2-package-lock.json" ]; then
  lockdir="$corpus/lockfiles/real-world-e2e"
else
  lockdir="$repo/src/sca/javascript/testdata/real-world"
fi
# Real OSV records to multiply: the corpus's, else the bundled snapshot's sources.
if [ -n "$corpus" ] && [ -d "$corpus/osv" ]; then osv_src="$corpus/osv"; else osv_src="$repo/data/osv"; fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/fledger-sca-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
# The extractors recognize lockfiles by name; the corpus prefixes them with a number.
mkdir -p "$tmp/npm" "$tmp/yarn" "$tmp/cdx"
cp "$lockdir/2-package-lock.json" "$tmp/npm/package-lock.json"
cp "$lockdir/2-yarn.lock" "$tmp/yarn/yarn.lock"
cp "$lockdir/2-package-lock.json" "$tmp/cdx/package-lock.json"
# cyclonedx-npm needs the package.json beside the lock: rebuilt from the lock's root entry "".
jq '.packages[""] | {name: (.name // "bench-root"), version: (.version // "0.0.0")} +
    with_entries(select(.key | IN("dependencies", "devDependencies", "optionalDependencies",
                                  "peerDependencies")))' \
  "$tmp/cdx/package-lock.json" >"$tmp/cdx/package.json"
npm_lock="$tmp/npm/package-lock.json"
yarn_lock="$tmp/yarn/yarn.lock"

echo "Load before: $(uptime | sed 's/.*load average: //') (cores: $(nproc))"
echo "fledger $("$fledger" --version | cut -d' ' -f2), cyclonedx-npm $("$cdx" --version), node $(node --version), npm $(npm --version)"
echo "Lockfiles from $lockdir"

# Advisories: the real records first (so the real lockfiles still match), then renamed copies.
echo -n "Synthesizing: " && python3 bench/lib/synth_osv.py "$osv_src" "$tmp/osv" "$advisories"
records=$(find "$tmp/osv" -name '*.json' | wc -l)

# Commands as hyperfine strings: single-quoted words, so paths may hold spaces (hyperfine -N splits
# them like a shell does).
q() { printf "'%s' " "$@"; }

# Import: fresh database file each run (the WAL and shared-memory files too).
import_db="$tmp/import.db"
json="$tmp/hf.json"
hyperfine -N --warmup 1 --runs 3 --export-json "$json" \
  --prepare "$(q rm -f "$import_db" "$import_db-wal" "$import_db-shm")" \
  "$(q "$fledger" db import --vuln-db "$import_db" "$tmp/osv" --quiet)" >/dev/null
import_s=$(jq -r '.results[0].median' "$json")
rm -f "$import_db" "$import_db-wal" "$import_db-shm"
import_rss=$(/usr/bin/time -f '%M' "$fledger" db import --vuln-db "$import_db" "$tmp/osv" \
  --quiet 2>&1 >/dev/null | tail -1)

# The database the matching runs use.
db="$tmp/vulns.db"
inserted=$("$fledger" db import --vuln-db "$db" "$tmp/osv" --format json --quiet 2>/dev/null |
  jq -r '.import.inserted')
db_records=$("$fledger" db status --vuln-db "$db" --format json 2>/dev/null | jq -r '.records')

# Commands as arrays for direct runs.
sca_npm=("$fledger" sca "$npm_lock" --vuln-db "$db" --format json --quiet)
sca_yarn=("$fledger" sca "$yarn_lock" --vuln-db "$db" --format json --quiet)
sbom_npm=("$fledger" deps sbom "$npm_lock" --quiet)
sbom_yarn=("$fledger" deps sbom "$yarn_lock" --quiet)
cdx_cmd=("$cdx" --package-lock-only --output-format JSON --output-file - "$tmp/cdx/package.json")
npm_findings=$("${sca_npm[@]}" | jq '.findings | length')
yarn_findings=$("${sca_yarn[@]}" | jq '.findings | length')
npm_pkgs=$("${sbom_npm[@]}" | jq '.components | length')
yarn_pkgs=$("${sbom_yarn[@]}" | jq '.components | length')
fl_components=$npm_pkgs
cdx_components=$("${cdx_cmd[@]}" 2>/dev/null | jq '.components | length')

hyperfine -N --warmup 3 --runs "$runs" --export-json "$json" \
  --command-name sca-npm "$(q "${sca_npm[@]}")" --command-name sca-yarn "$(q "${sca_yarn[@]}")" \
  --command-name sbom-npm "$(q "${sbom_npm[@]}")" >/dev/null
read -r sca_npm_s sca_yarn_s sbom_s < <(jq -r '[.results[].median] | @tsv' "$json")
hyperfine -N --warmup 1 --runs "$cdx_runs" --export-json "$json" \
  --command-name cyclonedx-npm "$(q "${cdx_cmd[@]}")" >/dev/null
cdx_s=$(jq -r '.results[0].median' "$json")

# Peak RSS of the process tree's largest process (cyclonedx-npm runs `npm ls` as a child).
rss() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
sca_npm_rss=$(rss "${sca_npm[@]}")
sca_yarn_rss=$(rss "${sca_yarn[@]}")
sbom_rss=$(rss "${sbom_npm[@]}")
cdx_rss=$(rss "${cdx_cmd[@]}")

echo "Load after: $(uptime | sed 's/.*load average: //')"
awk -v records="$records" -v inserted="$inserted" -v dbr="$db_records" -v imp="$import_s" \
  -v imp_rss="$import_rss" -v sn="$sca_npm_s" -v sy="$sca_yarn_s" -v snr="$sca_npm_rss" \
  -v syr="$sca_yarn_rss" -v fn="$npm_findings" -v fy="$yarn_findings" -v np="$npm_pkgs" \
  -v yp="$yarn_pkgs" -v fs="$sbom_s" -v cs="$cdx_s" -v fr="$sbom_rss" -v cr="$cdx_rss" \
  -v fc="$fl_components" -v cc="$cdx_components" -v runs="$runs" -v cruns="$cdx_runs" 'BEGIN {
  ok = 1
  rate = records / imp
  printf "\nImport: %d records (%d inserted, %d in the database) in %.2f s = %.0f records/s, peak RSS %.1f MiB  [target >= 20000/s: %s]\n",
    records, inserted, dbr, imp, rate, imp_rss / 1024, (rate >= 20000 ? "met" : "MISSED")
  if (rate < 20000) ok = 0
  printf "\nExtraction + matching against %d advisories (median of %d runs, process start included):\n", dbr, runs
  printf "| lockfile | packages | findings | time | peak RSS | target < 100 ms |\n|---|---|---|---|---|---|\n"
  printf "| package-lock.json | %d | %d | %.1f ms | %.1f MiB | %s |\n", np, fn, sn * 1000, snr / 1024, (sn < 0.1 ? "met" : "MISSED")
  printf "| yarn.lock | %d | %d | %.1f ms | %.1f MiB | %s |\n", yp, fy, sy * 1000, syr / 1024, (sy < 0.1 ? "met" : "MISSED")
  if (sn >= 0.1 || sy >= 0.1) ok = 0
  printf "\nSBOM of package-lock.json (median of %d / %d runs):\n", runs, cruns
  printf "| tool | components | time | peak RSS |\n|---|---|---|---|\n"
  printf "| fledger deps sbom | %d | %.1f ms | %.1f MiB |\n", fc, fs * 1000, fr / 1024
  printf "| cyclonedx-npm --package-lock-only | %d | %.0f ms | %.1f MiB |\n", cc, cs * 1000, cr / 1024
  printf "| ratio cyclonedx-npm / fledger | | %.1fx | %.1fx |\n", cs / fs, cr / fr
  printf "[target fledger >= 50x faster: %s]\n", (cs / fs >= 50 ? "met" : "MISSED")
  if (cs / fs < 50) ok = 0
  exit ok ? 0 : 1
}'
