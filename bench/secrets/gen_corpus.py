#!/usr/bin/env python3
"""Builds the secrets benchmark corpus: real text from this machine with fake credentials planted.

Usage: gen_corpus.py --seed N --out DIR [--size-mb M] [--per-kind K]

DIR receives about M MB (10^6 bytes; default 500) of real text copied from this machine, in the
shares of SHARES below: C and C++ (/usr/include), Python, Perl, JavaScript (plus minified one-line
files made by joining real JavaScript), JSON, YAML, Markdown, reStructuredText, shell scripts, and
generated `.env` files. When a kind has fewer bytes on the machine than its share, its files are
copied again under another `rN/` folder. Then K fake secrets of each of the 24 kinds in
values.SECRETS and K look-alikes of each kind in values.LOOKALIKES (default K = max(10, M / 10))
are planted, each on a line of its own (or, in a minified file, spliced into its one line) at a
random place of a random file, in the file's syntax. The ground truth goes to
DIR/../<basename DIR>.truth.json, outside the scanned tree: for each item its kind, class
(`secret` or `lookalike`), path (relative to DIR), 1-based line, value and `needle` (the part of
the value that must never appear in a scanner's output). The same seed on the same machine gives
the same tree and truth file, byte for byte.
"""
import argparse
import glob
import json
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import syntax  # noqa: E402
import values  # noqa: E402

SHARES = {  # kind: share of the corpus bytes
    "c": 0.29, "python": 0.22, "perl": 0.07, "js": 0.08, "minjs": 0.04, "json": 0.08, "yaml": 0.06,
    "markdown": 0.07, "rst": 0.04, "shell": 0.04, "env": 0.01,
}
ROOTS = ["/usr/include", "/usr/lib/python3*", "/usr/share/perl*", "/usr/lib/x86_64-linux-gnu/perl*",
         "/usr/share/doc", "/usr/share/javascript", "/usr/share/nodejs", "/usr/lib/node_modules",
         "/usr/share/gitweb", "/usr/lib/google-cloud-sdk", "/usr/share/sphinx", "/etc", "/usr/bin",
         "/usr/sbin", "/usr/share/bash-completion", "/usr/lib/git-core"]
SUFFIXES = {".h": "c", ".hh": "c", ".hpp": "c", ".hxx": "c", ".c": "c", ".cc": "c", ".cpp": "c",
            ".cxx": "c", ".tcc": "c", ".py": "python", ".pm": "perl", ".pl": "perl", ".js": "js",
            ".mjs": "js", ".cjs": "js", ".json": "json", ".yaml": "yaml", ".yml": "yaml",
            ".md": "markdown", ".markdown": "markdown", ".rst": "rst", ".sh": "shell", ".bash": "shell"}
MIN_BYTES, MAX_BYTES = 200, 4 << 20
ENV_LINES = [
    "NODE_ENV=production", "PORT=8080", "LOG_LEVEL=info", "REDIS_HOST=cache", "REDIS_PORT=6379",
    "DB_HOST=db.internal", "DB_PORT=5432", "DB_NAME=orders", "DB_USER=orders_app", "TZ=UTC",
    "FEATURE_FLAGS=search,export,beta-ui", "S3_BUCKET=acme-assets-prod", "AWS_REGION=eu-west-1",
    "SENTRY_ENVIRONMENT=staging", "WORKERS=4", "TIMEOUT_MS=30000", "ALLOWED_HOSTS=example.com,api.example.com",
    "CACHE_TTL=600", "SMTP_HOST=smtp.example.com", "SMTP_PORT=587", "PUBLIC_URL=https://app.example.com",
    "# Settings for the staging stack", "# Do not commit real credentials here", "DEBUG=false",
    "MAX_UPLOAD_MB=25", "QUEUE_NAME=jobs-default", "OTEL_EXPORTER_OTLP_ENDPOINT=http://otel:4317", "",
    "RATE_LIMIT_PER_MINUTE=120", "SESSION_COOKIE_SECURE=true", "LOCALE=en_US.UTF-8",
]


def collect_sources():
    """Every candidate source file by kind, sorted (the walk order does not matter)."""
    pools = {k: [] for k in SHARES}
    seen = set()
    for pattern in ROOTS:
        for root in sorted(glob.glob(pattern)):
            for dirpath, dirnames, files in os.walk(root):
                dirnames.sort()
                for name in files:
                    path = os.path.join(dirpath, name)
                    if path in seen or os.path.islink(path):
                        continue
                    seen.add(path)
                    kind = SUFFIXES.get(os.path.splitext(name)[1].lower())
                    if kind is None and dirpath in ("/usr/bin", "/usr/sbin", "/usr/lib/git-core"):
                        kind = "shell?"
                    if kind is None:
                        continue
                    try:
                        size = os.path.getsize(path)
                    except OSError:
                        continue
                    if not MIN_BYTES <= size <= MAX_BYTES:
                        continue
                    if kind == "js" and name.endswith(".min.js"):
                        kind = "minjs"
                    pools.setdefault(kind, []).append((path, size))
    shells = []
    for path, size in pools.pop("shell?", []):
        try:
            with open(path, "rb") as f:
                head = f.readline(128)
        except OSError:
            continue
        if head.startswith(b"#!") and (head.rstrip().endswith(b"sh") or b"bash" in head):
            shells.append((path, size))
    pools["shell"] += shells
    for k in pools:
        pools[k].sort()
    return pools


def dst_path(kind, folder, src):
    """Where a copy of `src` goes. `node_modules` is renamed: scanners skip such folders by
    default, and the corpus measures detection, not ignore rules."""
    parts = ["js_modules" if p == "node_modules" else p for p in src.lstrip("/").split("/")]
    return "/".join([kind, folder] + parts)


def is_text(data):
    return b"\0" not in data[:8192]


def minify(chunks):
    """One line of JavaScript made by joining real sources (indentation and // lines dropped)."""
    out = []
    for data in chunks:
        for line in data.split(b"\n"):
            s = line.strip()
            if s and not s.startswith(b"//"):
                out.append(s)
    return b" ".join(out) + b"\n"


def plan_tree(rng, pools, out, total):
    """Chooses the files: a list of (relative path, source path or bytes)."""
    files = []
    for kind, share in SHARES.items():
        target = int(total * share)
        if kind == "env":
            got, n = 0, 0
            while got < target:
                lines = rng.sample(ENV_LINES, rng.randrange(12, len(ENV_LINES)))
                data = ("\n".join(lines) + "\n").encode()
                name = rng.choice([".env", ".env.production", ".env.local", ".env.staging"])
                files.append((f"env/app-{n:05d}/{name}", data, kind))
                got += len(data)
                n += 1
            continue
        pool = list(pools.get(kind, []))
        if kind == "minjs":
            pool_js = list(pools.get("js", []))
            got = 0
            for path, size in pool:
                files.append((dst_path("minjs", "r0", path), path, kind))
                got += size
            n = 0
            while got < target and pool_js:
                want, chunks, have = rng.randrange(1 << 20, 5 << 20), [], 0
                while have < want:
                    path, size = pool_js[rng.randrange(len(pool_js))]
                    with open(path, "rb") as f:
                        data = f.read()
                    if is_text(data):
                        chunks.append(data)
                        have += len(data)
                data = minify(chunks)
                files.append((f"minjs/gen/bundle-{n:03d}.min.js", data, kind))
                got += len(data)
                n += 1
            continue
        if not pool:
            print(f"warning: no {kind} files on this machine", file=sys.stderr)
            continue
        got, rep = 0, 0
        while got < target:
            order = list(range(len(pool)))
            rng.shuffle(order)
            for i in order:
                path, size = pool[i]
                files.append((dst_path(kind, f"r{rep}", path), path, kind))
                got += size
                if got >= target:
                    break
            rep += 1
    return files


def indent_of(line):
    s = line.decode("utf-8", "replace")
    return s[:len(s) - len(s.lstrip(" "))][:12]


def plant(rng, files, per_kind):
    """Decides every planted item: {file index: [(line index, lines | splice, item)]}."""
    by_kind = {}
    for i, (_, _, kind) in enumerate(files):
        by_kind.setdefault(kind, []).append(i)
    kinds = sorted(by_kind)
    jobs = [(k, "secret", f) for k, f in values.SECRETS.items()] + \
           [(k, "lookalike", f) for k, f in values.LOOKALIKES.items()]
    plan = {}
    for item_kind, cls, make in jobs:
        for _ in range(per_kind):
            fkind = rng.choice(kinds)
            fi = rng.choice(by_kind[fkind])
            value, needle, names = make(rng)
            plan.setdefault(fi, []).append((item_kind, cls, value, needle, rng.choice(names),
                                            rng.random(), rng.random()))
    return plan


def render(data, fkind, items, rng):
    """Returns the new file bytes and, per item, its 1-based line."""
    crlf = b"\r\n" in data[:4096]
    lines = data.split(b"\n")
    last = len(lines) - 1  # insert before this index at most: before the final "" or last line
    long_line = max(range(len(lines)), key=lambda j: len(lines[j])) if fkind == "minjs" else 0
    inserts, splices, placed = {}, {}, []
    for item_kind, cls, value, needle, name, pos, where in items:
        at = min(int(pos * (last + 1)), last)
        multi = value.startswith("-----BEGIN")
        if fkind == "minjs" and len(lines[long_line]) > 4096:
            text = value if not multi else value + "\n"
            if cls == "lookalike" and item_kind in ("git-sha", "sri-hash"):
                stmt = syntax.lookalike("minjs", item_kind, name, value, rng)[0][0]
            else:
                stmt = syntax.splice_js(name, text)
            splices.setdefault(long_line, []).append((where, stmt, len(placed)))
            placed.append([item_kind, cls, value, needle, long_line, None])
            continue
        ind = indent_of(lines[at]) if fkind in ("yaml", "json", "python") else ""
        if multi:
            block, idx = syntax.multiline(fkind, name, value.split("\n"), rng, ind)
        elif cls == "lookalike":
            block, idx = syntax.lookalike(fkind, item_kind, name, value, rng, ind)
        else:
            block, idx = syntax.single(fkind, name, value, rng, ind)
        inserts.setdefault(at, []).append((block, idx, len(placed)))
        placed.append([item_kind, cls, value, needle, at, idx])
    out, line_no = [], 0
    eol = b"\r" if crlf else b""
    result_line = [0] * len(placed)
    spans = [None] * len(placed)
    for i, line in enumerate(lines):
        for block, idx, p in inserts.get(i, []):
            result_line[p] = line_no + idx + 1
            for b in block:
                out.append(b.encode("utf-8") + eol)
                line_no += 1
        if i in splices:
            # Splice at `;` boundaries; record each statement's 1-based byte column and length,
            # since a minified line holds many items and a finding must point into the right one.
            cuts = []
            for where, stmt, p in splices[i]:
                off = line.find(b";", int(where * len(line)))
                cuts.append((len(line) if off < 0 else off + 1, p, stmt.encode("utf-8")))
            pieces, prev, pos = [], 0, 0
            for off, p, stmt in sorted(cuts):
                pieces.append(line[prev:off])
                pos += off - prev
                result_line[p] = line_no + 1
                spans[p] = (pos + 1, len(stmt))
                pieces.append(stmt)
                pos += len(stmt)
                prev = off
            pieces.append(line[prev:])
            line = b"".join(pieces)
        out.append(line)
        line_no += 1
    return b"\n".join(out), [(p[0], p[1], p[2], p[3], result_line[k], spans[k]) for k, p in enumerate(placed)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True, help="corpus directory (created; must not exist or be empty)")
    ap.add_argument("--size-mb", type=float, default=500.0)
    ap.add_argument("--per-kind", type=int, default=0, help="items per kind (default max(10, size/10))")
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    if os.path.exists(out) and os.listdir(out):
        sys.exit(f"{out}: exists and is not empty")
    per_kind = args.per_kind or max(10, int(args.size_mb / 10))
    rng = random.Random(args.seed)
    pools = collect_sources()
    files = plan_tree(rng, pools, out, int(args.size_mb * 1e6))
    plan = plant(rng, files, per_kind)
    truth = []
    for fi, (rel, src, fkind) in enumerate(files):
        dst = os.path.join(out, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if fi not in plan and isinstance(src, str):
            shutil.copyfile(src, dst)
            continue
        if isinstance(src, str):
            with open(src, "rb") as f:
                data = f.read()
        else:
            data = src
        if fi in plan:
            data, placed = render(data, fkind, plan[fi], rng)
            for item_kind, cls, value, needle, line, span in placed:
                item = {"kind": item_kind, "class": cls, "path": rel, "line": line,
                        "file_kind": fkind, "value": value, "needle": needle}
                if span:  # spliced into a long line: the statement's byte column and length
                    item["column"], item["span"] = span
                truth.append(item)
        with open(dst, "wb") as f:
            f.write(data)
    total = sum(os.path.getsize(os.path.join(d, n)) for d, _, ns in os.walk(out) for n in ns)
    truth.sort(key=lambda t: (t["path"], t["line"], t["kind"]))
    doc = {"generator": "bench/secrets/gen_corpus.py", "seed": args.seed, "size_mb": args.size_mb,
           "per_kind": per_kind, "corpus": os.path.basename(out), "files": len(files), "bytes": total,
           "secrets": sum(t["class"] == "secret" for t in truth),
           "lookalikes": sum(t["class"] == "lookalike" for t in truth), "items": truth}
    truth_path = os.path.join(os.path.dirname(out), os.path.basename(out) + ".truth.json")
    with open(truth_path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    kinds = {}
    for _, _, k in files:
        kinds[k] = kinds.get(k, 0) + 1
    print(f"{out}: {len(files)} files, {total / 1e6:.1f} MB "
          f"({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}); "
          f"{doc['secrets']} secrets of {len(values.SECRETS)} kinds, {doc['lookalikes']} look-alikes "
          f"of {len(values.LOOKALIKES)} kinds; truth: {truth_path}")


if __name__ == "__main__":
    main()
