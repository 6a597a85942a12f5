#!/usr/bin/env bash
# Schema test: runs fledger on fixtures and validates every JSON file it writes or prints against
# the schemas it ships (schemas/*.schema.json), plus every built-in catalog against the catalog
# schema. Usage: validate_outputs.sh FLEDGER_BINARY SOURCE_DIR
set -euo pipefail
fledger="$1"
src="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export FLEDGER_DB="$work/fledger.db"
export FLEDGER_VULN_DB="$work/vulns.db"
export XDG_DATA_HOME="$work/xdg"  # the vulnerability database is seeded here, not in $HOME
cp -r "$src/testdata/e2e/tiny-repo" "$work/tiny"
cp -r "$src/examples/vulnshop" "$work/vulnshop"
cd "$work"
"$fledger" build-skill-assessment SecurityCategory --quiet >/dev/null
"$fledger" search 'yaml\.load' vulnshop --save user --category 'Build a Threat Model' --subcategory Steps --quiet >/dev/null
"$fledger" deps impact lodash vulnshop --save user --quiet >/dev/null
"$fledger" update-skill-assessment --quiet >/dev/null
"$fledger" build-project-assessment OpenSSF vulnshop --format json --quiet >findings-vulnshop.json
"$fledger" build-project-assessment "$src/testdata/e2e/tiny-catalog.json" tiny --format json --level 2 --quiet >findings-tiny.json
mkdir -p vulnshop/.fledger
printf 'ignore:\n  - id: GHSA-xvch-5gv4-984h\n    reason: "schema test"\n    expires: 2099-01-01\n' \
  >vulnshop/.fledger/sca-ignore.yaml
"$fledger" sca vulnshop --format json --quiet >findings-sca.json
# A secret committed then deleted, for `secrets --git-history` (a fake GitHub token with a valid
# CRC32 tail, so the built-in rule reports it, suppressed by an allowlist to cover that kind too).
token="$(/usr/bin/python3 -c '
import random, zlib
a = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
g = random.Random(9)
r = "".join(g.choice(a) for _ in range(30))
n, t = zlib.crc32(r.encode()), ""
for _ in range(6): t, n = a[n % 62] + t, n // 62
print("ghp_" + r + t)')"
git init -q hist
printf 'GITHUB_TOKEN=%s\n' "$token" >hist/a.env
printf 'X=%s\n' "$token" >hist/b.env
git -C hist add a.env b.env
git -C hist -c user.name=Schema -c user.email=schema@example.org commit -qm add
git -C hist rm -q a.env
git -C hist -c user.name=Schema -c user.email=schema@example.org commit -qm remove
printf 'allow:\n  - rules: [github-pat-classic]\n    reason: schema test\n' >allow.yaml
"$fledger" secrets --git-history hist --format json --quiet >findings-secrets-history.json
"$fledger" secrets --git-history hist --allowlist allow.yaml --format json --quiet \
  >findings-secrets-allowed.json
/usr/bin/python3 - "$src" "$work" <<'PY'
import json, sys, pathlib
import jsonschema
src, work = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
schema = lambda n: json.loads((src / "schemas" / n).read_text())
cases = [
    ("assessment.schema.json", work / "assessments/user/assessment.json"),
    ("assessment.schema.json", work / "vulnshop/assessments/project/assessment.json"),
    ("assessment.schema.json", work / "tiny/assessments/project/assessment.json"),
    ("evidence.schema.json", work / "assessments/user/evidence.json"),
    ("findings.schema.json", work / "findings-vulnshop.json"),
    ("findings.schema.json", work / "findings-tiny.json"),
    ("findings.schema.json", work / "findings-sca.json"),
    ("findings.schema.json", work / "findings-secrets-history.json"),
    ("findings.schema.json", work / "findings-secrets-allowed.json"),
]
cases += [("catalog.schema.json", p) for p in sorted((src / "standards").glob("*.json"))]
cases += [("evidence.schema.json", src / "testdata/prototype/examples" / n)
          for n in ("user-evidence.json", "rubric-README_file_check.json")]
failed = 0
for name, path in cases:
    doc = json.loads(path.read_text())
    validator = jsonschema.Draft202012Validator(schema(name))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:3]:
        print(f"{path}: {list(e.path)}: {e.message[:200]}")
    failed += bool(errors)
findings = json.loads((work / "findings-tiny.json").read_text())["findings"]
if not findings:
    print("expected findings from the tiny repository at level 2"); failed += 1
history = json.loads((work / "findings-secrets-history.json").read_text())["findings"]
if len(history) != 1 or history[0].get("git", {}).get("paths") != ["a.env", "b.env"]:
    print(f"expected one secret at a.env and b.env from the history scan: {history}"); failed += 1
print(f"{len(cases) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
