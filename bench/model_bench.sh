#!/usr/bin/env bash
# Measures `fledger model init` and `fledger model threats` on a generated repository of N
# services (default 100): docker-compose with depends_on, a build folder per service with a
# connection string in its code and a Dockerfile, Kubernetes manifests for a second cluster of
# N/2 workloads, and a CI workflow. Target (issue 8): each under one second. `model report`
# (Markdown and HTML) is measured beside them.
# Usage: bench/model_bench.sh [SERVICES]   Environment: RUNS (hyperfine runs, default 10).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
services="${1:-100}"
runs="${RUNS:-10}"
scripts/install-deps.sh >/dev/null
command -v hyperfine >/dev/null || { echo "hyperfine missing" >&2; exit 2; }
[ -f build/release/build.ninja ] || cmake --preset release >/dev/null
cmake --build --preset release --target fledger >/dev/null
fledger="$PWD/build/release/fledger"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/fledger-model-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
repo="$tmp/repo"
mkdir -p "$repo/k8s" "$repo/.github/workflows"
stores=$((services * 3 / 10))
{
  echo "services:"
  for i in $(seq 1 "$services"); do
    if [ "$i" -le "$stores" ]; then
      case $((i % 3)) in
        0) image="postgres:16" ;;
        1) image="redis:7" ;;
        *) image="mongo:7" ;;
      esac
      printf '  store%d:\n    image: %s\n' "$i" "$image"
    else
      dep=$(( (i % stores) + 1 ))
      next=$(( i + 1 ))
      printf '  svc%d:\n    build: ./svc%d\n' "$i" "$i"
      [ $((i % 10)) -eq 0 ] && printf '    ports: ["%d:8080"]\n' $((8000 + i))
      printf '    depends_on: [store%d' "$dep"
      [ "$next" -le "$services" ] && printf ', svc%d' "$next"
      printf ']\n    environment:\n      STORE_URL: postgres://app:pw@store%d:5432/db\n' "$dep"
      mkdir -p "$repo/svc$i/src"
      printf 'FROM node:20\nEXPOSE 8080\n' >"$repo/svc$i/Dockerfile"
      printf "const url = 'redis://store%d:6379';\nmodule.exports = url;\n" \
        $(( ((i + 7) % stores) + 1 )) >"$repo/svc$i/src/db.js"
      printf '{"dependencies": {"express": "4.18.2", "jsonwebtoken": "9.0.2", "winston": "3.11.0"}}\n' \
        >"$repo/svc$i/package.json"
    fi
  done
} >"$repo/docker-compose.yml"
for i in $(seq 1 $((services / 2))); do
  cat >>"$repo/k8s/cluster.yaml" <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: k$i}
spec:
  template:
    metadata: {labels: {app: k$i}}
    spec:
      containers:
        - name: c
          image: acme/k$i:1
          env:
            - {name: DB_HOST, value: k$(( (i % (services / 2)) + 1 ))}
---
apiVersion: v1
kind: Service
metadata: {name: k$i}
spec: {selector: {app: k$i}}
---
YAML
done
printf 'on: push\njobs: {}\n' >"$repo/.github/workflows/ci.yml"

"$fledger" model init "$repo" --force --quiet >/dev/null
summary=$("$fledger" model init "$repo" --force)
cases=$("$fledger" model threats "$repo/threatmodel.yaml" --format json | jq '.misuse_cases | length')
threats=$("$fledger" model threats "$repo/threatmodel.yaml" --format json | jq '.threats | length')
json="$tmp/hf.json"
hyperfine -N --warmup 2 --runs "$runs" --export-json "$json" \
  "$fledger model init $repo --force --quiet" \
  "$fledger model threats $repo/threatmodel.yaml --format json --quiet" \
  "$fledger model report $repo/threatmodel.yaml --out $tmp/report --quiet" >/dev/null
read -r init_s threats_s report_s < <(jq -r '[.results[].median] | @tsv' "$json")
init_rss=$(/usr/bin/time -f '%M' "$fledger" model init "$repo" --force --quiet 2>&1 >/dev/null | tail -1)
threats_rss=$(/usr/bin/time -f '%M' "$fledger" model threats "$repo/threatmodel.yaml" --quiet 2>&1 >/dev/null | tail -1)

echo "Repository: $services compose services ($stores data stores), $((services / 2)) Kubernetes workloads"
echo "$summary" | head -1
echo "model threats: $threats threats, $cases misuse cases"
echo
echo "| command | median | peak RSS | target < 1 s |"
echo "|---|---|---|---|"
awk -v s="$init_s" -v r="$init_rss" 'BEGIN { printf "| model init | %.1f ms | %.1f MiB | %s |\n", s * 1000, r / 1024, (s < 1 ? "met" : "MISSED") }'
awk -v s="$threats_s" -v r="$threats_rss" 'BEGIN { printf "| model threats | %.1f ms | %.1f MiB | %s |\n", s * 1000, r / 1024, (s < 1 ? "met" : "MISSED") }'
awk -v s="$report_s" 'BEGIN { printf "| model report (Markdown + HTML) | %.1f ms | | (no target) |\n", s * 1000 }'
