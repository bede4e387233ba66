"""Which of the phrase families' literal strings occur in a text, found in one pass.

Every family has a keyword pre-check, and every phrase line a literal one (``prefilter.py``);
dozens of families ask them of the same sentence, block or post. One Aho-Corasick automaton
over all those strings (pyahocorasick) reads a text once and answers them all: each answer
is then a set intersection instead of a regex scan per family.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

import ahocorasick

# Texts whose answers are kept: the blocks and sentences of the post being linted; the
# rules of one post ask about the same few hundred texts, one after another.
_CACHE_SIZE = 4096


class LiteralIndex:
    """The literal strings registered so far, and the ones a text contains."""

    def __init__(self) -> None:
        self._words: set[str] = set()
        self._automaton: ahocorasick.Automaton | None = None
        # lowered text -> (the strings it contains, [(start, string)] sorted by start)
        self._cache: dict[str, tuple[frozenset[str], list[tuple[int, str]]]] = {}

    def add(self, words: Iterable[str]) -> None:
        """Register strings (lowercase) to look for; families add theirs when they load."""
        new = {w for w in words if w} - self._words
        if new:
            self._words |= new
            self._automaton = None
            self._cache.clear()

    def present(self, lowered: str) -> frozenset[str]:
        """The registered strings that occur in ``lowered``."""
        return self._scan(lowered)[0]

    def first(self, lowered: str, words: frozenset[str], start: int) -> int | None:
        """Where the first occurrence of one of ``words`` at or after ``start`` begins."""
        found, occurrences = self._scan(lowered)
        if found.isdisjoint(words):
            return None
        for at, word in occurrences[bisect_left(occurrences, (start, "")) :]:
            if word in words:
                return at
        return None

    def _scan(self, lowered: str) -> tuple[frozenset[str], list[tuple[int, str]]]:
        known = self._cache.get(lowered)
        if known is not None:
            return known
        automaton = self._automaton
        if automaton is None:
            automaton = self._build()
        if automaton is None:
            known = (frozenset(), [])
        else:
            occurrences = sorted(
                (end - len(word) + 1, word) for end, word in automaton.iter(lowered)
            )
            known = (frozenset(word for _, word in occurrences), occurrences)
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[lowered] = known
        return known

    def _build(self) -> ahocorasick.Automaton | None:
        if not self._words:
            return None
        automaton = ahocorasick.Automaton()
        for word in self._words:
            automaton.add_word(word, word)
        automaton.make_automaton()
        self._automaton = automaton
        return automaton


# One per process: every family registers its strings here.
INDEX = LiteralIndex()
