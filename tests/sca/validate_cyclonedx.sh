#!/usr/bin/env bash
# Validates CycloneDX 1.6 JSON files against the schemas Fledger ships (schemas/cyclonedx/), offline,
# with format checks (date-time and the others python3-jsonschema can check without extra modules).
# Usage: validate_cyclonedx.sh FILE [FILE ...]   exit 0 when every file is valid, 1 otherwise,
# 2 on usage errors or when python3-jsonschema is missing.
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "usage: $0 FILE [FILE ...]" >&2
  exit 2
fi
schemas="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../schemas/cyclonedx" && pwd)"
exec /usr/bin/python3 - "$schemas" "$@" <<'PY'
import json, pathlib, re, sys, warnings
try:
    import jsonschema
except ImportError:
    print("validate_cyclonedx.sh: python3-jsonschema is not installed", file=sys.stderr)
    sys.exit(2)
warnings.filterwarnings("ignore", category=DeprecationWarning)
# Debian 12's jsonschema 4.10 sorts the extra items when it words an additionalItems error, and
# objects do not sort: every BOM with two licenses (tried against the one-expression branch of
# licenseChoice) would crash it. Word the message without sorting.
try:
    import jsonschema._validators as _jv
    _extras_msg = _jv.extras_msg
    def _unsorted_extras_msg(extras):
        try:
            return _extras_msg(extras)
        except TypeError:
            return ", ".join(repr(e) for e in extras), "was" if len(extras) == 1 else "were"
    _jv.extras_msg = _unsorted_extras_msg
except (ImportError, AttributeError):
    pass
here = pathlib.Path(sys.argv[1])
base = "http://cyclonedx.org/schema/"
schema = json.loads((here / "bom-1.6.SNAPSHOT.schema.json").read_text())
store = {}
for p in here.glob("*.schema.json"):
    doc = json.loads(p.read_text())
    store[base + p.name] = doc
    if doc.get("$id"):
        store[doc["$id"]] = doc
resolver = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=store)
# Debian's python3-jsonschema checks neither date-time nor iri-reference without optional modules;
# check both here so the result does not depend on what else is installed.
checker = jsonschema.FormatChecker()
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
@checker.checks("date-time")
def _date_time(value):
    return not isinstance(value, str) or bool(RFC3339.match(value))
@checker.checks("iri-reference")
def _iri_reference(value):  # RFC 3987: no spaces, controls or the excluded ASCII characters
    return not isinstance(value, str) or not re.search(r'[\x00-\x20\x7f"<>\\^`{|}]', value)
validator = jsonschema.Draft7Validator(schema, resolver=resolver, format_checker=checker)
failed = 0
for path in sys.argv[2:]:
    try:
        doc = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"{path}: cannot read: {e}")
        failed += 1
        continue
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:20]:
        print(f"{path}: {'/'.join(map(str, e.path)) or '(root)'}: {e.message[:200]}")
    # The schema allows duplicate bom-refs; CycloneDX says each must be unique.
    refs, todo = [], list(doc.get("components", []))
    while todo:  # nested components have bom-refs too
        c = todo.pop()
        if isinstance(c, dict):
            refs.append(c.get("bom-ref"))
            todo += c.get("components", [])
    mc = doc.get("metadata", {}).get("component", {})
    refs += [mc.get("bom-ref")] if isinstance(mc, dict) and mc.get("bom-ref") else []
    dups = sorted({r for r in refs if r is not None and refs.count(r) > 1})
    for r in dups[:5]:
        print(f"{path}: bom-ref {r!r} is not unique")
    known = set(r for r in refs if r)
    dangling = sorted({t for d in doc.get("dependencies", []) for t in [d.get("ref")] + d.get("dependsOn", [])
                       if t not in known})
    for r in dangling[:5]:
        print(f"{path}: dependencies name {r!r}, which no component has as bom-ref")
    bad = bool(errors or dups or dangling)
    print(f"{path}: {'invalid' if bad else 'valid'}")
    failed += bad
sys.exit(1 if failed else 0)
PY
