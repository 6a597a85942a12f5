#!/usr/bin/env python3
"""Synthesizes a large OSV database for benchmarks from real records.

Usage: synth_osv.py SRC_DIR OUT_DIR COUNT

Reads the real OSV records under SRC_DIR (recursively) and writes COUNT records to OUT_DIR: the
originals first, then copies whose ids and affected package names are renamed
("lodash" -> "lodash-synth-00042"), so the database grows in rows and index entries while its
per-record shape stays real. The renamed packages never exist in a lockfile, so matching cost is
the index lookup, not the number of hits.
"""
import json
import os
import sys


def load(src):
    records = []
    for dirpath, _, files in os.walk(src):
        if "invalid" in dirpath.split(os.sep):
            continue
        for name in sorted(files):
            if not name.endswith(".json") or name in ("INDEX.json", "osv-schema.json",
                                                       "osv-ecosystems.json"):
                continue
            with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                try:
                    doc = json.load(f)
                except ValueError:
                    continue
            if isinstance(doc, dict) and "id" in doc and "modified" in doc:
                records.append(doc)
    # The same advisory can sit in two ecosystem folders; keep one copy of each id.
    unique = {}
    for rec in records:
        unique.setdefault(rec["id"], rec)
    return [unique[k] for k in sorted(unique)]


def main():
    src, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    base = load(src)
    os.makedirs(out, exist_ok=True)
    n = 0
    copy = 0
    while n < count:
        for rec in base:
            if n >= count:
                break
            doc = json.loads(json.dumps(rec))
            if copy:
                doc["id"] = f"{rec['id']}-S{copy:05d}"
                doc["aliases"] = [f"{a}-S{copy:05d}" for a in rec.get("aliases", [])]
                for aff in doc.get("affected", []):
                    pkg = aff.get("package")
                    if pkg and "name" in pkg:
                        pkg["name"] = f"{pkg['name']}-synth-{copy:05d}"
                        pkg.pop("purl", None)
            with open(os.path.join(out, f"{doc['id']}.json"), "w", encoding="utf-8") as f:
                json.dump(doc, f)
            n += 1
        copy += 1
    print(f"{n} records ({len(base)} real, {copy - 1} renamed copies each)")


if __name__ == "__main__":
    main()
