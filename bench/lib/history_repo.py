#!/usr/bin/env python3
"""Writes a `git fast-import` stream of a synthetic history to stdout (bench/history_bench.sh).

Usage: history_repo.py COMMITS [--append FROM_INDEX] [--seed N]

Commits edit one to three of 2 000 text files in 50 folders (about 1 to 4 KiB each), with one
commit in 500 planting a fake `SECRET=` value (for the bench's stand-in scanner) and a fake GitHub
token with a valid checksum (for the real rules), and one in 1 500 deleting a file. Deterministic for
a seed. With --append, the commits continue refs/heads/main from its current tip.
"""
import random
import sys
import zlib

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def fake_github_token(rng: random.Random) -> str:
    """ghp_ + 30 random base62 characters + their CRC32 in 6 base62 digits (GitHub's format)."""
    body = "".join(rng.choice(BASE62) for _ in range(30))
    n, tail = zlib.crc32(body.encode()), ""
    for _ in range(6):
        tail, n = BASE62[n % 62] + tail, n // 62
    return "ghp_" + body + tail


def main() -> None:
    args = sys.argv[1:]
    commits = int(args[0])
    start = 0
    seed = 7
    if "--append" in args:
        start = int(args[args.index("--append") + 1])
    if "--seed" in args:
        seed = int(args[args.index("--seed") + 1])
    rng = random.Random(seed * 1000003 + start)
    out = sys.stdout.buffer
    words = ("alpha beta gamma delta config value import return struct class public static "
             "int char void size_t buffer length string vector map include define").split()

    def text(n_lines: int) -> bytes:
        return "".join(" ".join(rng.choice(words) for _ in range(rng.randint(4, 12))) + "\n"
                       for _ in range(n_lines)).encode()

    for i in range(start, start + commits):
        changes = []
        for _ in range(rng.randint(1, 3)):
            path = f"src/dir{rng.randrange(50)}/file{rng.randrange(2000)}.txt"
            body = text(rng.randint(15, 60))
            if i % 500 == 7:
                body += f"SECRET=planted{i}x{rng.randrange(10**6)}\n".encode()
                body += f"GITHUB_TOKEN={fake_github_token(rng)}\n".encode()
            changes.append((path, body))
        when = 1_600_000_000 + i * 60
        out.write(b"commit refs/heads/main\n")
        out.write(f"author Bench {i % 17} <bench{i % 17}@example.org> {when} +0000\n".encode())
        out.write(f"committer Bench <bench@example.org> {when} +0000\n".encode())
        msg = f"commit {i}\n".encode()
        out.write(b"data %d\n%s\n" % (len(msg), msg))
        if i == start and start > 0:
            out.write(b"from refs/heads/main^0\n")
        for path, body in changes:
            out.write(f"M 100644 inline {path}\n".encode())
            out.write(b"data %d\n%s\n" % (len(body), body))
        if i % 1500 == 1499:
            out.write(f"D src/dir{rng.randrange(50)}/file{rng.randrange(2000)}.txt\n".encode())
        out.write(b"\n")
    out.write(b"done\n")


if __name__ == "__main__":
    main()
