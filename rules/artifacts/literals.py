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
        # lowered text -> the registered strings it contains
        self._present: dict[str, frozenset[str]] = {}
        # lowered text -> [(start, end, string)] of every occurrence, sorted
        self._found: dict[str, list[tuple[int, int, str]]] = {}
        # (lowered text, strings) -> where those strings start in it, sorted
        self._starts: dict[tuple[str, frozenset[str]], list[int]] = {}

    def add(self, words: Iterable[str]) -> None:
        """Register strings (lowercase) to look for; families add theirs when they load."""
        new = {w for w in words if w} - self._words
        if new:
            self._words |= new
            self._automaton = None
            self._present.clear()
            self._found.clear()
            self._starts.clear()

    def present(self, lowered: str) -> frozenset[str]:
        """The registered strings that occur in ``lowered``."""
        known = self._present.get(lowered)
        if known is None:
            known = frozenset(word for _, word in self._occurrences(lowered))
            _remember(self._present, lowered, known)
        return known

    def first(self, lowered: str, words: frozenset[str], start: int) -> int | None:
        """Where the first occurrence of one of ``words`` at or after ``start`` begins."""
        if words.isdisjoint(self.present(lowered)):
            return None
        starts = self._starts.get((lowered, words))
        if starts is None:
            starts = [at for at, _, word in self._found_in(lowered) if word in words]
            _remember(self._starts, (lowered, words), starts)
        index = bisect_left(starts, start)
        return starts[index] if index < len(starts) else None

    def seed(self, lowered: str, spans: Iterable[tuple[int, int]]) -> None:
        """Answer for the pieces ``lowered[a:b]`` of a text from its own single pass (the
        post's prose, then its blocks and sentences: the pieces the rules ask about)."""
        found = self._found_in(lowered)
        starts = [at for at, _, _ in found]
        present = self._present
        for a, b in spans:
            piece = lowered[a:b]
            if piece not in present:
                inside = found[bisect_left(starts, a) : bisect_left(starts, b)]
                _remember(present, piece, frozenset(w for _, end, w in inside if end <= b))

    def _found_in(self, lowered: str) -> list[tuple[int, int, str]]:
        found = self._found.get(lowered)
        if found is None:
            found = sorted(
                (end + 1 - len(word), end + 1, word) for end, word in self._occurrences(lowered)
            )
            _remember(self._found, lowered, found)
            _remember(self._present, lowered, frozenset(w for _, _, w in found))
        return found

    def _occurrences(self, lowered: str) -> list[tuple[int, str]]:
        automaton = self._automaton
        if automaton is None:
            if not self._words:
                return []
            automaton = self._automaton = _automaton(self._words)
        return list(automaton.iter(lowered))


def _remember(cache: dict, key, value) -> None:
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[key] = value


def _automaton(words: Iterable[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


# One per process: every family registers its strings here.
INDEX = LiteralIndex()
