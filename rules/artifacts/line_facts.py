"""What ``prefilter.py`` reads off each phrase line, kept between runs in the user cache folder.

Reading the literals off every phrase line means parsing its regex with ``re``'s parser, and
compiling every line is most of the rest: together about 0.15 s on every run, which is a third
of a one-post pre-commit run and is paid serially before the workers of a big run fork. The
facts of a line depend only on its pattern, the flags, the Python version (its regex parser)
and ``prefilter.py``, so they are stored once (``postlint.data_cache``, beside the syllable
table) and the lines are compiled only when first tried (``phrases.PhraseLine``). A line
missing from the file (a phrase file was edited) is analysed as before and the file is
written again.
"""

from __future__ import annotations

import hashlib
import sys
from importlib import resources
from pathlib import Path

from postlint import data_cache

# Bump when the layout of the stored facts changes.
FORMAT = 1
# pattern -> (the strings of which every match holds one, or None; whether a match may be empty)
Facts = dict[str, tuple[frozenset[str] | None, bool]]


class LineFacts:
    """The facts of the phrase lines of one process: read from the cache file when first
    asked for, the lines analysed here added, and written back by ``store`` when any was."""

    def __init__(self, flags: int) -> None:
        self.flags = flags
        self._known: Facts | None = None
        self._used: Facts = {}  # the lines asked for by this process
        self._added = False

    def get(self, pattern: str) -> tuple[frozenset[str] | None, bool] | None:
        """The stored facts of ``pattern``, or None when they have to be worked out."""
        if self._known is None:
            self._known = _load(self.path())
        facts = self._known.get(pattern)
        if facts is not None:
            self._used[pattern] = facts
        return facts

    def add(self, pattern: str, facts: tuple[frozenset[str] | None, bool]) -> None:
        self._used[pattern] = facts
        self._added = True

    def store(self) -> None:
        """Write the facts of the lines used by this process if any of them was new (the
        file then holds exactly the current phrase lines)."""
        if self._added:
            data_cache.store(self.path(), self._used)
            self._added = False

    def path(self) -> Path:
        return data_cache.cache_folder() / f"phrase-facts-v{FORMAT}-{_key(self.flags)}.marshal"


def _key(flags: int) -> str:
    """What the facts depend on besides the pattern: the analysis code, the parser of this
    Python (its version) and the flags."""
    code = resources.files(__package__).joinpath("prefilter.py").read_bytes()
    version = ".".join(map(str, sys.version_info[:3]))
    digest = hashlib.sha256(code + f"|{sys.implementation.name}|{version}|{flags}".encode())
    return digest.hexdigest()[:16]


def _load(path: Path) -> Facts:
    facts = data_cache.load(path)
    if not isinstance(facts, dict):
        return {}  # missing or damaged: every line is analysed and the file written again
    return {
        pattern: value
        for pattern, value in facts.items()
        if isinstance(pattern, str) and _valid(value)
    }


def _valid(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and (value[0] is None or isinstance(value[0], frozenset))
        and isinstance(value[1], bool)
    )
