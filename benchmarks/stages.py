"""CPU per post, by stage, in one process: where the time of a cold run goes.

    python benchmarks/stages.py                       # the posts of ../shared/corpus/real
    python benchmarks/stages.py ~/blog/content --repeat 3
    python benchmarks/stages.py --profile 25          # also cProfile's top 25 functions

Each post is read once, then the document model is built stage by stage (front matter, the
Markdown parse with the prose walk, sentences, word counts) and every active default rule is
run on it; each stage is timed with ``time.process_time`` (CPU, not wall). Stages are timed
in the order a real run meets them, so a rule's figure is what it costs on top of the shared
views it asked for first. Warm-up (imports, the syllable table, compiled patterns) is paid
before the clock starts, and garbage collection runs as in a pool worker (frozen start-up
objects, a collection every 200 files): the figures are the per-post cost a worker pays.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "corpus" / "real"


def _posts(source: Path) -> list[tuple[Path, bytes]]:
    files = sorted(p for p in source.rglob("*") if p.suffix.lower() in (".md", ".markdown", ".mdx"))
    return [(path, path.read_bytes()) for path in files]


def _stages(doc, rules) -> list[tuple[str, object]]:
    """(label, thunk) in the order a run needs them; each thunk touches one lazy view."""
    return [
        ("front matter", lambda: doc.front_matter),
        ("markdown parse + prose walk", lambda: doc._parsed),
        ("prose view", lambda: doc.prose),
        ("sentences", lambda: doc.sentences),
        ("word count", lambda: doc.word_count),
        *((f"rule {a.code}", (lambda a=a: list(a.rule.check(doc, a.options)))) for a in rules),
    ]


def measure(posts, ruleset, repeat: int) -> dict[str, float]:
    from postlint.document import Document
    from postlint.runner import COLLECT_EVERY

    rules = ruleset.active
    totals: dict[str, float] = defaultdict(float)
    clock = time.process_time
    for _ in range(repeat):
        for count, (path, raw) in enumerate(posts, 1):
            if count % COLLECT_EVERY == 0:  # as a pool worker does, with automatic GC off
                started = clock()
                gc.collect()
                totals["garbage collection"] += clock() - started
            started = clock()
            doc = Document.from_bytes(path, raw)
            totals["decode + line index"] += clock() - started
            started = clock()
            doc.index  # noqa: B018 (the lazy view is the point)
            totals["decode + line index"] += clock() - started
            for label, thunk in _stages(doc, rules):
                started = clock()
                with contextlib.suppress(Exception):  # a crashing rule is timed all the same
                    thunk()
                totals[label] += clock() - started
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--repeat", type=int, default=1, help="passes over the posts")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also print cProfile's top N functions by own time",
    )
    args = parser.parse_args(argv)

    from postlint.config import CliOverrides, ConfigResolver
    from postlint.registry import default_registry

    posts = _posts(args.source)
    if not posts:
        print(f"no Markdown files under {args.source}", file=sys.stderr)
        return 2
    resolver = ConfigResolver(default_registry(), CliOverrides(), cwd=args.source)
    ruleset = resolver.for_directory(args.source)
    measure(posts[:50], ruleset, 1)  # warm-up: imports, tables, compiled patterns
    gc.freeze()  # then run as a pool worker does (postlint/runner.py)
    gc.disable()

    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    totals = measure(posts, ruleset, args.repeat)
    if profiler:
        profiler.disable()

    count = len(posts) * args.repeat
    whole = sum(totals.values())
    print(f"{len(posts)} posts x {args.repeat}: {1000 * whole / count:.2f} ms CPU per post")
    for label, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"  {label:<32} {1000 * seconds / count:7.3f} ms  {100 * seconds / whole:5.1f} %")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
