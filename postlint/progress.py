"""A progress bar on stderr for long runs, only where a person is watching a terminal."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from typing import TextIO, TypeVar

Item = TypeVar("Item")

SHOW_AFTER_SECONDS = 2.0  # short runs (pre-commit, a warm cache) never show a bar


def wanted(stream: TextIO) -> bool:
    """A terminal, not CI, not a dumb terminal."""
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False
    return interactive and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


def with_progress(
    items: Iterator[Item],
    total: int,
    stream: TextIO | None = None,
    show_after: float = SHOW_AFTER_SECONDS,
) -> Iterator[Item]:
    """Yield ``items`` unchanged; once the run has taken ``show_after`` seconds, draw a bar."""
    stream = stream if stream is not None else sys.stderr
    if total <= 0 or not wanted(stream):
        yield from items
        return
    import click  # already loaded by the CLI; imported here so the module stays light

    started = time.monotonic()
    bar = None
    done = 0
    try:
        for item in items:
            done += 1
            if bar is None and time.monotonic() - started >= show_after:
                bar = click.progressbar(
                    length=total,
                    label="Linting",
                    file=stream,
                    show_pos=True,
                    show_eta=True,
                    update_min_steps=max(1, total // 200),
                )
                bar.__enter__()
                bar.update(done)
            elif bar is not None:
                bar.update(1)
            yield item
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
            stream.flush()
