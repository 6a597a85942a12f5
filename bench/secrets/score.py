#!/usr/bin/env python3
"""Scores secret scanners' outputs against the corpus ground truth (python3 standard library only).

Usage:
  score.py --truth CORPUS.truth.json --corpus CORPUS [--runs RUNS.tsv] [--tool NAME=FORMAT:FILE]...
           [--json SUMMARY.json] [--examples N]

FORMAT is `fledger` (fledger's findings JSON, docs/findings-format.md), `rg` (the output of
`rg -o -n --null --no-heading --with-filename`, or `rg --json`) or `secretlint` (its `--format json`).
RUNS.tsv (written by bench/secrets_bench.sh) has one row per measured tool:
  name  format  output-file  cores  wall-seconds  peak-rss-KiB  cpu-seconds
A planted item counts as reported when the tool reports a finding at its path and line (exactly;
in a minified line, also at a column inside the planted statement).
A leak is a planted secret's `needle` (or its JSON-escaped form) appearing anywhere in the output.
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile


def load_fledger(text):
    doc = json.loads(text)
    for f in doc.get("findings", []):
        loc = f.get("location") or {}
        yield loc.get("path", ""), loc.get("line", 0), loc.get("column"), f.get("rule_id", "")


def load_rg(text):
    if text.startswith("{"):
        for line in text.splitlines():
            ev = json.loads(line)
            if ev.get("type") == "match":
                d = ev["data"]
                for sub in d.get("submatches", []) or [{"start": None}]:
                    col = sub["start"] + 1 if sub.get("start") is not None else None
                    yield d["path"].get("text", ""), d["line_number"], col, "rg"
        return
    for line in text.splitlines():
        path, sep, rest = line.partition("\0")
        if sep:
            parts = rest.split(":", 2)
            col = int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else None
            yield path, int(parts[0]), col, "rg"


def load_secretlint(text):
    doc = json.loads(text) if text.strip() else []
    for res in doc:
        for m in res.get("messages", []):
            loc = (m.get("loc") or {}).get("start") or {}
            yield res.get("filePath", ""), loc.get("line", 0), loc.get("column"), m.get("ruleId", "")


LOADERS = {"fledger": load_fledger, "rg": load_rg, "secretlint": load_secretlint}


def normalize(path, corpus):
    if os.path.isabs(path):
        return os.path.relpath(path, corpus)
    if path.startswith("./"):
        path = path[2:]
    if os.path.exists(os.path.join(corpus, path)):
        return path
    return os.path.relpath(os.path.abspath(path), corpus)


def variants(needle):
    """The needle as written, JSON-escaped, and with JSON's optional `\\/`."""
    return {needle, json.dumps(needle)[1:-1], needle.replace("/", "\\/")}


def present(needles, out_file, text):
    """The needles that occur in the output. Large outputs (secretlint's JSON embeds every file)
    go through ripgrep's multi-literal search when it is installed."""
    back = {v: n for n in needles for v in variants(n)}
    if len(text) > (8 << 20) and shutil.which("rg"):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
            f.write("\n".join(back) + "\n")
        try:
            r = subprocess.run(["rg", "-F", "-o", "--no-filename", "--no-line-number", "-a", "-f", f.name,
                                out_file], stdout=subprocess.PIPE, check=False)
        finally:
            os.unlink(f.name)
        found = set(r.stdout.decode("utf-8", "replace").splitlines())
        # -o reports the leftmost match only where needles overlap: check those lines' needles again.
        return {back[v] for v in found if v in back} | {n for n in needles if any(
            v in found for v in variants(n))}
    return {n for n in needles if any(v in text for v in variants(n))}


def score(name, fmt, out_file, truth, corpus):
    with open(out_file, encoding="utf-8", errors="replace") as f:
        text = f.read()
    reported = collections.defaultdict(set)   # (path, line) -> rule ids
    columns = collections.defaultdict(list)   # (path, line) -> reported columns (None: unknown)
    count = 0
    for path, line, col, rule in LOADERS[fmt](text):
        key = (normalize(path, corpus), int(line or 0))
        reported[key].add(rule)
        columns[key].append(col)
        count += 1

    def hit(t):
        key = (t["path"], t["line"])
        if key not in reported:
            return False
        if "column" not in t:
            return True
        # An item spliced into a minified line: a finding must start inside its statement (a
        # column is 0- or 1-based, bytes or UTF-16 units depending on the tool: 2 columns of slack).
        lo, hi = t["column"] - 2, t["column"] + t["span"] + 1
        return any(c is None or lo <= c <= hi for c in columns[key])

    secrets = [t for t in truth if t["class"] == "secret"]
    looks = [t for t in truth if t["class"] == "lookalike"]
    planted = {(t["path"], t["line"]) for t in truth}
    found = [t for t in secrets if hit(t)]
    flagged = [t for t in looks if hit(t)]
    leaked = present([t["needle"] for t in secrets if t["needle"]], out_file, text)
    leaks = [t for t in secrets if t["needle"] in leaked]
    by_kind = collections.defaultdict(lambda: [0, 0])
    for t in secrets:
        by_kind[t["kind"]][1] += 1
        by_kind[t["kind"]][0] += hit(t)
    la_kind = collections.defaultdict(lambda: [0, 0])
    for t in looks:
        la_kind[t["kind"]][1] += 1
        la_kind[t["kind"]][0] += hit(t)
    missed = [t for t in secrets if not hit(t)]
    other = sorted(k for k in reported if k not in planted)
    return {"name": name, "findings": count, "locations": len(reported), "secrets": len(secrets),
            "found": len(found), "recall": len(found) / max(1, len(secrets)), "lookalikes": len(looks),
            "lookalikes_reported": len(flagged), "lookalike_rate": len(flagged) / max(1, len(looks)),
            "leaks": len(leaks), "other_locations": len(other), "by_kind": dict(by_kind),
            "lookalike_by_kind": dict(la_kind), "missed": missed, "flagged": flagged, "leaked": leaks,
            "other": other, "reported": reported}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--truth", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--runs", help="TSV of measured runs (see the module doc)")
    ap.add_argument("--tool", action="append", default=[], help="NAME=FORMAT:FILE, scored without timings")
    ap.add_argument("--json", help="write the summary here")
    ap.add_argument("--examples", type=int, default=3, help="examples of misses and false positives per tool")
    args = ap.parse_args()
    with open(args.truth, encoding="utf-8") as f:
        tdoc = json.load(f)
    truth, corpus = tdoc["items"], os.path.abspath(args.corpus)
    mb = tdoc["bytes"] / 1e6
    rows = []
    if args.runs:
        with open(args.runs, encoding="utf-8") as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    name, fmt, out, cores, wall, rss, cpu = line.rstrip("\n").split("\t")
                    rows.append((name, fmt, out, int(cores), float(wall), int(rss), float(cpu)))
    for spec in args.tool:
        name, _, rest = spec.partition("=")
        fmt, _, out = rest.partition(":")
        rows.append((name, fmt, out, 0, 0.0, 0, 0.0))
    results = []
    for name, fmt, out, cores, wall, rss, cpu in rows:
        r = score(name, fmt, out, truth, corpus)
        r.update(cores=cores, wall=wall, rss_mib=rss / 1024, cpu=cpu,
                 mbps=mb / wall if wall else 0, mbps_core=mb / wall / cores if wall and cores else 0,
                 mb_per_cpu_s=mb / cpu if cpu else 0)
        results.append(r)

    print(f"Corpus: {tdoc['corpus']} (seed {tdoc['seed']}), {tdoc['files']} files, {mb:.1f} MB; "
          f"{tdoc['secrets']} planted secrets of {len({t['kind'] for t in truth if t['class'] == 'secret'})} "
          f"kinds, {tdoc['lookalikes']} look-alikes")
    head = ["tool", "cores", "wall s", "MB/s", "MB/s/core", "CPU s", "MB/CPU s", "peak RSS MiB", "findings",
            "recall", "look-alikes reported", "values in output", "unplanted locations"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in results:
        timed = r["wall"] > 0
        cells = [r["name"], str(r["cores"]) if timed else "-",
                 f"{r['wall']:.2f}" if timed else "-", f"{r['mbps']:.1f}" if timed else "-",
                 f"{r['mbps_core']:.1f}" if timed else "-", f"{r['cpu']:.2f}" if timed else "-",
                 f"{r['mb_per_cpu_s']:.1f}" if timed and r["cpu"] else "-",
                 f"{r['rss_mib']:.1f}" if timed else "-", str(r["findings"]),
                 f"{100 * r['recall']:.1f}% ({r['found']}/{r['secrets']})",
                 f"{r['lookalikes_reported']} ({100 * r['lookalike_rate']:.1f}%)", str(r["leaks"]),
                 str(r["other_locations"])]
        print("| " + " | ".join(cells) + " |")
    # One column per tool: runs named "fledger --jobs 1" and "fledger --jobs 2" share a column.
    first = {}
    for r in results:
        first.setdefault(r["name"].split(" ")[0], r)
    for title, cls, key, mark in (("Recall by kind (found/planted)", "secret", "by_kind", True),
                                  ("Look-alikes reported by kind (reported/planted)", "lookalike",
                                   "lookalike_by_kind", False)):
        print(f"\n{title}:")
        print("| kind | " + " | ".join(first) + " |")
        print("|---|" + "---|" * len(first))
        for k in sorted({t["kind"] for t in truth if t["class"] == cls}):
            cells = []
            for r in first.values():
                f, n = r[key].get(k, [0, 0])
                cells.append(f"{f}/{n}" + (" !" if mark and f != n else ""))
            print(f"| {k} | " + " | ".join(cells) + " |")
    shown = set()
    shown = set()
    for r in results:
        if r["name"].split(" ")[0] in shown or args.examples <= 0:
            continue
        shown.add(r["name"].split(" ")[0])
        for label, items in (("missed", r["missed"]), ("look-alike reported", r["flagged"]),
                             ("value in output", r["leaked"])):
            per = collections.defaultdict(list)
            for t in items:
                per[t["kind"]].append(t)
            for k in sorted(per):
                for t in per[k][:args.examples]:
                    print(f"{r['name']}: {label}: {k} at {t['path']}:{t['line']} ({t['file_kind']})")
        for path, line in r["other"][:args.examples]:
            print(f"{r['name']}: unplanted finding at {path}:{line} ({', '.join(sorted(r['reported'][(path, line)]))})")
    if args.json:
        slim = [{k: v for k, v in r.items() if k not in ("missed", "flagged", "leaked", "other", "reported")}
                for r in results]
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"corpus": {k: tdoc[k] for k in ("corpus", "seed", "files", "bytes", "secrets",
                                                        "lookalikes")}, "tools": slim}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
