#!/usr/bin/env python3
"""A longer fuzz run than the test suite's Hypothesis properties (`tests/test_properties.py`).

    python scripts/fuzz.py --minutes 10            # the documented run
    python scripts/fuzz.py --minutes 1 --seed 7    # reproducible, shorter

Inputs are real posts (tests/data/corpus/, plus ../shared/corpus/real/ when present) mutated
at random (cuts, duplications, Markdown and front-matter fragments, line endings, encodings,
byte flips, truncation), and random byte strings. Each input is linted in-process with every
offline rule and then fixed (`--fix --unsafe-fixes`). A failure is any of:

- an exception out of the engine, or a PL003 internal error (a rule raised);
- a violation whose line or column lies outside the file;
- two lints of the same bytes that disagree;
- a fixed file that lost its encoding, BOM or line-ending style, still has a fix to apply,
  or changes again on a second --fix;
- one input taking longer than --slow seconds.

Each distinct failure (by kind, rule and exception) is saved once to --out with the input
bytes and a description. Progress goes to stderr every 30 s; the summary at the end gives
inputs tried, failures found and inputs per second. Exit code 1 when anything failed.
"""

from __future__ import annotations

import argparse
import codecs
import json
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from postlint.config import CliOverrides, ConfigResolver, RuleSet  # noqa: E402
from postlint.document import DecodeProblem, Document  # noqa: E402
from postlint.engine import FixMode, lint_file  # noqa: E402
from postlint.registry import default_registry  # noqa: E402

FRAGMENTS = [
    "---",
    "+++",
    "{",
    "}",
    "title: x",
    "date: 2024-13-45",
    "tags: [a, a]",
    "tags: []",
    "a: &a [1, 2]",
    "b: *a",
    "!!python/object/apply:os.system ['true']",
    "key: 'unclosed",
    "```",
    "~~~",
    "```markdown",
    "    code",
    "# Heading",
    "===",
    "> quote",
    "- item",
    "1. item",
    "| a | b |",
    "|---|---|",
    "[link](http://example.com)",
    "![alt](i.png)",
    "`code`",
    "<!-- postlint-disable -->",
    "<!-- postlint-enable -->",
    "<!-- postlint-disable-line -->",
    "<!-- postlint-disable-next-line AI -->",
    "<!--",
    "-->",
    "<div>",
    "&amp;",
    "\\",
    "*a*",
    "Here is the complete article:",
    "Sure! Here's a draft of the post.",
    "Let me know if you'd like me to expand any section.",
    "I hope this helps!",
    "[Insert author name]",
    "TODO: add link",
    "oaicite:0",
    "【4:0†source】",
    "As an AI language model,",
    "read_time: 3",
    "reading_time: 45",
    "readingTime: '12 min'",
    "Mr.",
    "e.g.",
    "word word",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "\u2028",
    "é",
    "🙂",
    "\t",
    "  ",
    "\r",
    "\r\n",
]
NEWLINES = ["\n", "\r\n", "\r"]


@dataclass
class Failure:
    kind: str
    detail: str
    key: str


# How many inputs reached each stage, to show what the run exercised.
STATS = {"undecodable": 0, "fixed": 0}


class Timeout(Exception):
    pass


def _alarm(_signum, _frame):
    raise Timeout


def offline_ruleset(folder: Path) -> RuleSet:
    registry = default_registry()
    offline = [rule.code for rule in registry if not rule.needs_network]
    # Named by code, so opt-in rules run too (a prefix or ALL selects only default rules).
    resolver = ConfigResolver(registry, CliOverrides(select=offline), cwd=folder)
    return resolver.for_directory(folder)


def load_corpus() -> list[str]:
    folders = [ROOT / "tests" / "data" / "corpus", ROOT.parent / "shared" / "corpus" / "real"]
    posts = []
    for folder in folders:
        for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
            try:
                posts.append(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
    return posts


def mutate(rng: random.Random, posts: list[str]) -> bytes:
    if rng.random() < 0.05:
        return rng.randbytes(rng.randint(0, 4000))
    text = rng.choice(posts) if posts else ""
    for _ in range(rng.randint(1, 8)):
        at = rng.randint(0, len(text))
        op = rng.random()
        if op < 0.2:
            text = text[:at] + text[at + rng.randint(1, 500) :]
        elif op < 0.35:
            text = text[:at] + text[at : at + rng.randint(1, 500)] + text[at:]
        elif op < 0.75:
            newline = rng.choice(["", *NEWLINES])
            text = text[:at] + newline + rng.choice(FRAGMENTS) + newline + text[at:]
        elif op < 0.85:
            text = text.replace("\n", rng.choice(NEWLINES))
        elif op < 0.9:
            text = text[:at]
        else:
            text = text[:at] + "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(5)) + text[at:]
    encoding = rng.choice(["utf-8"] * 6 + ["utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"])
    if encoding == "utf-8":
        raw = text.encode("utf-8", "surrogatepass")
    elif encoding == "utf-8-bom":
        raw = codecs.BOM_UTF8 + text.encode("utf-8", "surrogatepass")
    elif encoding == "utf-16-le-bom":
        raw = codecs.BOM_UTF16_LE + text.encode("utf-16-le", "surrogatepass")
    else:
        raw = codecs.BOM_UTF16_BE + text.encode("utf-16-be", "surrogatepass")
    if rng.random() < 0.03:  # a flipped byte: invalid UTF-8 somewhere
        data = bytearray(raw)
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
        raw = bytes(data)
    return raw


def summary(result) -> list[tuple]:
    return [
        (v.line, v.column, v.end_line, v.end_column, v.code, v.message) for v in result.violations
    ]


def check_one(raw: bytes, folder: Path, ruleset: RuleSet) -> Failure | None:
    path = folder / "post.md"
    path.write_bytes(raw)
    result = lint_file(path, "post.md", ruleset)
    crashed = [v.message for v in result.violations if v.code == "PL003"]
    if crashed:
        rule = crashed[0].split(" (")[0]
        return Failure("internal-error", crashed[0], f"PL003:{rule}:{crashed[0].split(': ')[-2]}")
    try:
        doc = Document.from_bytes(path, raw)
    except DecodeProblem:
        STATS["undecodable"] += 1
        return None
    lines = doc.index.line_count
    for v in result.violations:
        width = len(doc.index.line_text(v.line)) + 1 if 1 <= v.line <= lines else 0
        if not (1 <= v.line <= v.end_line <= lines and 1 <= v.column <= width):
            return Failure(
                "position", f"{v.code} at {v.line}:{v.column} ({lines} lines)", f"position:{v.code}"
            )
    if summary(lint_file(path, "post.md", ruleset)) != summary(result):
        return Failure("nondeterministic", "two lints disagree", "nondeterministic")
    if not any(v.fix for v in result.violations):
        return None

    STATS["fixed"] += 1
    fix = FixMode(apply=True, unsafe=True)
    fixed_result = lint_file(path, "post.md", ruleset, fix)
    fixed = path.read_bytes()
    codes = ",".join(sorted({v.code for v in result.violations if v.fix}))
    if fixed_result.internal_error:
        return Failure("fix-crash", str(fixed_result.violations[:1]), f"fix-crash:{codes}")
    try:
        after = Document.from_bytes(path, fixed)
    except DecodeProblem as exc:
        return Failure("fix-encoding", exc.message, f"fix-encoding:{codes}")
    if after.bom != doc.bom or after.encoding != doc.encoding:
        return Failure(
            "fix-bom",
            f"{doc.encoding}/{doc.bom!r} -> {after.encoding}/{after.bom!r}",
            f"fix-bom:{codes}",
        )
    styles = {
        "\r\n": "\r\n" in doc.text,
        "\r": "\r" in doc.text.replace("\r\n", ""),
        "\n": "\n" in doc.text.replace("\r\n", ""),
    }
    new_styles = {
        "\r\n": "\r\n" in after.text,
        "\r": "\r" in after.text.replace("\r\n", ""),
        "\n": "\n" in after.text.replace("\r\n", ""),
    }
    introduced = [s for s in styles if new_styles[s] and not styles[s]]
    if introduced and any(styles.values()):
        return Failure("fix-newlines", f"introduced {introduced!r}", f"fix-newlines:{codes}")
    left = [v.code for v in fixed_result.violations if v.fix is not None]
    if left:
        return Failure(
            "fix-leftover", f"still fixable after --fix: {left}", f"fix-leftover:{left[0]}"
        )
    lint_file(path, "post.md", ruleset, fix)
    if path.read_bytes() != fixed:
        return Failure(
            "fix-not-idempotent", "a second --fix changed the file", f"fix-not-idempotent:{codes}"
        )
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument(
        "--slow", type=float, default=20.0, help="seconds before an input counts as a hang"
    )
    parser.add_argument("--out", type=Path, default=ROOT / ".fuzz-failures")
    args = parser.parse_args()

    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    posts = load_corpus()
    folder = Path(tempfile.mkdtemp(prefix="postlint-fuzz-"))
    ruleset = offline_ruleset(folder)
    signal.signal(signal.SIGALRM, _alarm)
    print(
        f"fuzz: seed {seed}, {len(posts)} corpus posts, rules "
        f"{', '.join(a.code for a in ruleset.active)}",
        file=sys.stderr,
    )

    start = time.monotonic()
    deadline = start + args.minutes * 60
    next_report = start + 30
    tried = 0
    found: dict[str, int] = {}
    try:
        while time.monotonic() < deadline:
            raw = mutate(rng, posts)
            tried += 1
            signal.setitimer(signal.ITIMER_REAL, args.slow)
            try:
                failure = check_one(raw, folder, ruleset)
            except Timeout:
                failure = Failure("slow", f"over {args.slow:g} s", "slow")
            except Exception as exc:  # the engine itself raised: the worst kind
                failure = Failure(
                    "exception", traceback.format_exc(), f"exception:{type(exc).__name__}"
                )
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if failure is not None:
                first = failure.key not in found
                found[failure.key] = found.get(failure.key, 0) + 1
                if first:
                    _save(args.out, failure, raw, tried)
                    print(
                        f"fuzz: NEW failure {failure.key}: {failure.detail[:200]}", file=sys.stderr
                    )
            if time.monotonic() >= next_report:
                elapsed = time.monotonic() - start
                print(
                    f"fuzz: {elapsed:5.0f} s, {tried} inputs, {sum(found.values())} failing "
                    f"({len(found)} distinct)",
                    file=sys.stderr,
                )
                next_report += 30
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    elapsed = time.monotonic() - start
    report = {
        "seed": seed,
        "seconds": round(elapsed, 1),
        "inputs_tried": tried,
        "inputs_per_second": round(tried / elapsed, 1) if elapsed else 0,
        "inputs_undecodable": STATS["undecodable"],
        "inputs_fixed": STATS["fixed"],
        "failing_inputs": sum(found.values()),
        "distinct_failures": found,
    }
    print(json.dumps(report, indent=2))
    return 1 if found else 0


def _save(out: Path, failure: Failure, raw: bytes, number: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{number:07d}-{failure.kind}"
    (out / f"{stem}.md.bin").write_bytes(raw)
    (out / f"{stem}.json").write_text(
        json.dumps({"kind": failure.kind, "key": failure.key, "detail": failure.detail}, indent=2)
    )


if __name__ == "__main__":
    sys.exit(main())
