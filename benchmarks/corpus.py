"""Build a benchmark corpus of N distinct blog posts from a folder of real posts.

Every copy gets a sentence naming it appended to its body, so no two files are equal and no
cache (postlint's, textstat's) is flattered by repeats. Posts are laid out in parts of
``PART_SIZE`` files (``part-00/``, ``part-01/``, ...) so that the first k parts are a k*1000-post
corpus for the scaling figures.

    python benchmarks/corpus.py ../shared/corpus/real /tmp/corpus --posts 10000
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

PART_SIZE = 1000
SEED = 7  # the shuffle is part of the benchmark's definition: keep it fixed
POST_SUFFIXES = (".md", ".markdown", ".mdx")


def source_posts(source: Path) -> list[Path]:
    """The Markdown files under ``source`` in a fixed shuffled order, so that every part of
    the corpus has the same mix of sources (short docs pages and long essays alike)."""
    posts = sorted(p for p in source.rglob("*") if p.is_file() and p.suffix in POST_SUFFIXES)
    if not posts:
        raise SystemExit(f"corpus: no Markdown files under {source}")
    random.Random(SEED).shuffle(posts)
    return posts


def distinct_copy(text: str, copy: int, origin: str) -> str:
    """``text`` with a closing sentence that names this copy (keeps the file's line endings)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    ending = "" if text.endswith(("\n", "\r")) or not text else newline
    sentence = (
        f"This is copy number {copy} of {origin} in the benchmark corpus, kept so that "
        f"every post differs from every other one."
    )
    return f"{text}{ending}{newline}{sentence}{newline}"


def build(source: Path, target: Path, posts: int) -> list[Path]:
    """Write ``posts`` distinct posts under ``target`` (replacing it); returns the part folders."""
    originals = source_posts(source)
    if target.exists():
        shutil.rmtree(target)
    parts: list[Path] = []
    for number in range(posts):
        original = originals[number % len(originals)]
        copy = number // len(originals)
        part = target / f"part-{number // PART_SIZE:02d}"
        if number % PART_SIZE == 0:
            parts.append(part)
        relative = original.relative_to(source)
        destination = part / relative.parent / f"{relative.stem}-{copy}{relative.suffix}"
        destination.parent.mkdir(parents=True, exist_ok=True)
        raw = original.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:  # keep odd encodings as they are, still made distinct
            destination.write_bytes(raw + f"\n\nCopy {copy} of {relative}.\n".encode())
            continue
        destination.write_bytes(distinct_copy(text, copy, relative.as_posix()).encode("utf-8"))
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="folder of real posts")
    parser.add_argument("target", type=Path, help="folder to create (replaced if it exists)")
    parser.add_argument("--posts", type=int, default=10_000)
    args = parser.parse_args(argv)
    parts = build(args.source, args.target, args.posts)
    print(f"wrote {args.posts} posts in {len(parts)} parts under {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
