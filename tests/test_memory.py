"""A linted document is freed by reference counting, with no cycle left for the collector.

Pool workers run with automatic garbage collection off and collect every few hundred files;
a reference cycle through a document (a sentence pointing back at its block, a closure that
calls itself) kept every document of those files alive until then and made each collection
scan them all: 5 % of a cold run's CPU time.
"""

from __future__ import annotations

import gc
from pathlib import Path

from postlint.config import CliOverrides, ConfigResolver
from postlint.engine import lint_file
from postlint.registry import default_registry

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_linting_leaves_no_reference_cycles() -> None:
    posts = sorted(EXAMPLES.glob("*.md"))
    assert posts
    ruleset = ConfigResolver(default_registry(), CliOverrides(), cwd=EXAMPLES).for_directory(
        EXAMPLES
    )
    for post in posts:  # warm-up: compiled patterns and tables are meant to live on
        lint_file(post, post.name, ruleset)
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        results = [lint_file(post, post.name, ruleset) for post in posts]
        gc.collect()
        leaked = sorted({type(obj).__name__ for obj in gc.garbage})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()
    assert sum(len(r.violations) for r in results) > 0  # the rules really ran
    assert leaked == []
