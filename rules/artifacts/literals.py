"""Which of the phrase families' literal strings occur in a text, found in one pass.

Every family has a keyword pre-check, and every phrase line a literal one (``prefilter.py``);
dozens of families ask them of the same sentence, block or post. One Aho-Corasick automaton
over all those strings (pyahocorasick) reads a text once and answers them all: each answer
is then a set intersection instead of a regex scan per family.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable

import ahocorasick

# Texts whose answers are kept: the blocks and sentences of the post being linted (the cache
# starts afresh with each post, see ``seed``); a bound all the same for other callers.
_CACHE_SIZE = 4096
_NOTHING: frozenset[str] = frozenset()


class LiteralIndex:
    """The literal strings registered so far, and the ones a text contains."""

    def __init__(self) -> None:
        self._words: set[str] = set()
        self._automaton: ahocorasick.Automaton | None = None
        # Called once before the first automaton is built, to register every string there
        # is (phrases.py loads all families): one build instead of one per family loaded.
        self.preload: Callable[[], None] | None = None
        # lowered text -> the registered strings it contains
        self._present: dict[str, frozenset[str]] = {}
        # lowered piece of a seeded text -> (that text, start, end), answered when asked
        self._pieces: dict[str, tuple[str, int, int]] = {}
        # lowered text -> [(start, end, string)] of every occurrence, sorted
        self._found: dict[str, list[tuple[int, int, str]]] = {}
        # lowered text -> where its occurrences start, sorted (as ``_found``)
        self._starts: dict[str, list[int]] = {}

    def add(self, words: Iterable[str]) -> None:
        """Register strings (lowercase) to look for; families add theirs when they load."""
        new = {w for w in words if w} - self._words
        if new:
            self._words |= new
            self._automaton = None
            self._forget()

    def present(self, lowered: str) -> frozenset[str]:
        """The registered strings that occur in ``lowered``."""
        known = self._present.get(lowered)
        if known is None:
            piece = self._pieces.get(lowered)
            if piece is not None:
                known = self._inside(*piece)
            else:
                known = frozenset(word for _, word in self._occurrences(lowered))
            _remember(self._present, lowered, known)
        return known

    def seed(self, lowered: str, spans: Iterable[tuple[int, int]]) -> None:
        """A new post: forget the last one, read ``lowered`` (its prose) once, and answer for
        its pieces ``lowered[a:b]`` (blocks, sentences) from that one pass when asked."""
        self._forget()
        self._found_in(lowered)
        pieces = self._pieces
        for a, b in spans:
            pieces[lowered[a:b]] = (lowered, a, b)

    def _inside(self, lowered: str, a: int, b: int) -> frozenset[str]:
        found = self._found_in(lowered)
        starts = self._where_starts(lowered, found)
        low, high = bisect_left(starts, a), bisect_left(starts, b)
        if low == high:
            return _NOTHING
        return frozenset([word for _, end, word in found[low:high] if end <= b])

    def _where_starts(self, lowered: str, found: list[tuple[int, int, str]]) -> list[int]:
        starts = self._starts.get(lowered)
        if starts is None:
            starts = [at for at, _, _ in found]
            _remember(self._starts, lowered, starts)
        return starts

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
            if self.preload is not None:
                preload, self.preload = self.preload, None
                preload()
            if not self._words:
                return []
            automaton = self._automaton = _automaton(self._words)
        return list(automaton.iter(lowered))

    def _forget(self) -> None:
        for cache in (self._present, self._pieces, self._found, self._starts):
            cache.clear()


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
