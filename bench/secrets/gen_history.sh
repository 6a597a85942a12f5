#!/usr/bin/env bash
# Creates a git repository of N commits (default 10000) for the history bench, with git fast-import:
# 300 source and documentation files edited 1 to 3 at a time, and fake secrets (the kinds of
# gen_corpus.py) introduced in some commits and removed some commits later; a third stay in HEAD,
# one lives only on an unmerged branch. Deterministic: the same N gives the same commit ids.
# The ground truth goes to DIR.truth.json: each secret's kind, value, path, the commit that
# introduced it, the commit that removed it (or null) and the ref it is on.
# Usage: gen_history.sh [N] [DIR]             (DIR default ./history-N; must not exist)
#        gen_history.sh N DIR --append        (adds N commits on top of main in an existing DIR)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
n="${1:-10000}"
dir="${2:-history-$n}"
mode="${3:-new}"
if [ "$mode" = "--append" ]; then
  [ -d "$dir/.git" ] || { echo "$dir: not a git repository" >&2; exit 2; }
else
  [ ! -e "$dir" ] || { echo "$dir: exists" >&2; exit 2; }
  git init -q -b main "$dir"
fi
dir="$(cd "$dir" && pwd)"
marks="$(mktemp)"
trap 'rm -f "$marks"' EXIT
GEN_HISTORY_DIR="$here" python3 - "$n" "$mode" "$dir" "$marks" <<'PY' | git -C "$dir" fast-import --quiet --export-marks="$marks"
import json, os, random, sys
sys.path.insert(0, os.environ["GEN_HISTORY_DIR"])
import values

n, mode, repo, marks = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
out = sys.stdout.buffer
rng = random.Random(n)
WHO = ["Ada Lovelace <ada@example.com>", "Linus Example <linus@example.org>", "CI Bot <ci@example.net>"]


def data(b):
    out.write(b"data %d\n" % len(b) + b + b"\n")


def commit(mark, ref, when, msg, changes, parent=None):
    who = WHO[mark % len(WHO)]
    out.write(b"commit %s\nmark :%d\n" % (ref.encode(), mark))
    out.write(f"author {who} {when} +0000\ncommitter {who} {when} +0000\n".encode())
    data(msg.encode())
    if parent:
        out.write(f"from {parent}\n".encode())
    for path, content in changes:
        if content is None:
            out.write(f"D {path}\n".encode())
        else:
            out.write(f"M 100644 inline {path}\n".encode())
            data(content.encode())


if mode == "--append":
    base = 1800000000
    for i in range(n):
        commit(i + 1, "refs/heads/main", base + 60 * i, f"append {i}",
               [(f"extra/note_{i % 50:02d}.txt", f"note {i}\n" * (1 + i % 7))],
               parent="refs/heads/main^0" if i == 0 else None)
    sys.exit(0)

files = {}
for i in range(200):
    files[f"src/pkg{i // 20}/mod_{i:03d}.py"] = [f"def f{j}(x):\n    return x * {j} + {i}\n" for j in range(20)]
for i in range(100):
    files[f"docs/page_{i:03d}.md"] = [f"## Section {j}\n\nText of section {j} on page {i}.\n\n" for j in range(15)]
paths = sorted(files)
base = 1700000000
commit(1, "refs/heads/main", base, "initial import", [(p, "".join(files[p])) for p in paths])
kinds = sorted(values.SECRETS)
count = max(6, n // 500)
plant_at = sorted(rng.sample(range(2, n), min(count, n - 2)))
pending = {}   # commit index -> [(path, secret index)] to remove
planted = []
for k, c in enumerate(plant_at):
    kind = kinds[k % len(kinds)]
    value, needle, names = values.SECRETS[kind](rng)
    name = names[0]
    if value.startswith("-----BEGIN"):
        text = f'{name.lower()} = """{value}"""\n'
    else:
        text = f'{name.upper()} = "{value}"\n'
    path = f"config/settings_{k:03d}.py"
    stays = k % 3 == 0
    removed = None if stays else min(n - 1, c + rng.randrange(10, 500))
    if removed is not None and removed <= c:
        removed, stays = None, True
    planted.append({"kind": kind, "value": value, "needle": needle, "path": path, "introduced": c,
                    "removed": removed, "ref": "refs/heads/main"})
    if removed is not None:
        pending.setdefault(removed, []).append(path)
    planted[-1]["_text"] = text
at = {p["introduced"]: p for p in planted}
for c in range(2, n + 1):
    changes = []
    if c in at:
        changes.append((at[c]["path"], "# settings\nDEBUG = False\n" + at[c]["_text"]))
    for path in pending.get(c, []):
        changes.append((path, None))
    for _ in range(rng.randrange(1, 4)):
        p = paths[rng.randrange(len(paths))]
        lines = files[p]
        j = rng.randrange(len(lines))
        lines[j] = lines[j].replace("\n", f"  # rev {c}\n", 1) if p.endswith(".py") else \
            f"Revision {c} of this section.\n\n"
        changes.append((p, "".join(lines)))
    commit(c, "refs/heads/main", base + 60 * c, f"change {c}", changes)
# An unmerged branch from the middle of history with a secret of its own.
value, needle, _ = values.SECRETS["github-classic"](rng)
mid = n // 2
commit(n + 1, "refs/heads/feature/deploy", base + 60 * (n + 1), "wip deploy script",
       [("deploy.sh", f'#!/bin/sh\nexport GITHUB_TOKEN="{value}"\n')], parent=f":{mid}")
commit(n + 2, "refs/heads/feature/deploy", base + 60 * (n + 2), "more wip",
       [("deploy.sh", '#!/bin/sh\nexport GITHUB_TOKEN="$TOKEN"\n')])
planted.append({"kind": "github-classic", "value": value, "needle": needle, "path": "deploy.sh",
                "introduced": n + 1, "removed": n + 2, "ref": "refs/heads/feature/deploy"})
for p in planted:
    p.pop("_text", None)
with open(os.path.join(repo + ".truth.pending.json"), "w") as f:
    json.dump({"commits": n + 2, "secrets": planted}, f)
PY
if [ "$mode" != "--append" ]; then
  python3 - "$dir" "$marks" <<'PY'
import json, sys
repo, marks = sys.argv[1], sys.argv[2]
sha = dict(line.split() for line in open(marks))
with open(repo + ".truth.pending.json") as f:
    doc = json.load(f)
for s in doc["secrets"]:
    s["introduced"] = sha[f":{s['introduced']}"]
    s["removed"] = sha[f":{s['removed']}"] if s["removed"] else None
    s["in_head"] = s["removed"] is None and s["ref"] == "refs/heads/main"
with open(repo + ".truth.json", "w") as f:
    json.dump(doc, f, indent=1)
import os
os.remove(repo + ".truth.pending.json")
print(f"{repo}: {doc['commits']} commits, {len(doc['secrets'])} planted secrets "
      f"({sum(s['in_head'] for s in doc['secrets'])} still in HEAD); truth: {repo}.truth.json")
PY
  git -C "$dir" checkout -q main
else
  git -C "$dir" reset -q --hard main
fi
