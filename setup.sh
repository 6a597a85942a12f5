#!/usr/bin/env bash
# One command from a fresh Debian 12 machine (as root): install dependencies, build Fledger in
# Release mode, and run its main job on the bundled example. Safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
scripts/install-deps.sh
echo "==> Configuring and building (Release)"
cmake --preset release >/dev/null
cmake --build --preset release --target fledger
bin=build/release/fledger
out=build/example-run
rm -rf "$out"
mkdir -p "$out"
export FLEDGER_DB="$PWD/$out/fledger.db"
echo
echo "==> $bin build-skill-assessment SecurityCategory --out $out --path $out"
"$bin" build-skill-assessment SecurityCategory --out "$out" --path "$out"
echo
echo "==> $bin build-project-assessment OpenSSF examples/vulnshop --out $out"
"$bin" build-project-assessment OpenSSF examples/vulnshop --out "$out"
echo
export FLEDGER_VULN_DB="$PWD/$out/vulns.db"
echo "==> $bin sca examples/vulnshop   (vulnerable dependencies, from the bundled OSV snapshot)"
"$bin" sca examples/vulnshop --max-age-days 0
echo
echo "==> $bin deps why qs examples/vulnshop"
"$bin" deps why qs examples/vulnshop
echo
echo "==> $bin deps impact gopkg.in/yaml.v2 examples/vulnshop"
"$bin" deps impact gopkg.in/yaml.v2 examples/vulnshop --max-age-days 0
echo
echo "==> $bin secrets examples/vulnshop   (leaked credentials, always redacted)"
"$bin" secrets examples/vulnshop
echo
echo "==> $bin model threats examples/vulnshop/threatmodel.yaml --top 5   (misuse cases by value to an attacker)"
"$bin" model threats examples/vulnshop/threatmodel.yaml --top 5
echo
echo "==> $bin history"
"$bin" history
echo
echo "Done. Fledger is at $bin; the example's matrices are under $out/assessments/."
echo "The bundled OSV data is a snapshot: run '$bin db update' for current advisories."
