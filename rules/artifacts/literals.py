"""Which of the phrase families' literal strings occur in a text, found in one pass.

Every family has a keyword pre-check, and every phrase line a literal one (``prefilter.py``);
dozens of families ask them of the same sentence, block or post. One Aho-Corasick automaton
over all those strings (ahocorasick-rs) reads a text once and answers them all: each answer
is then a set intersection instead of a regex scan per family.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable

import ahocorasick_rs

# Texts whose answers are kept: the blocks and sentences of the post being linted (the cache
# starts afresh with each post, see ``seed_pieces``); a bound all the same for other callers.
_CACHE_SIZE = 4096
_NOTHING: frozenset[str] = frozenset()


class LiteralIndex:
    """The literal strings registered so far, and the ones a text contains."""

    def __init__(self) -> None:
        self._words: set[str] = set()
        self._automaton: ahocorasick_rs.AhoCorasick | None = None
        self._listed: list[str] = []  # the strings in the automaton, by its numbers
        # Called once before the first automaton is built, to register every string there
        # is (phrases.py loads all families): one build instead of one per family loaded.
        self.preload: Callable[[], None] | None = None
        # lowered text -> the registered strings it contains
        self._present: dict[str, frozenset[str]] = {}
        # lowered piece of a seeded text -> (that text, start, end), answered when asked
        self._pieces: dict[str, tuple[str, int, int]] = {}
        # lowered text -> [(number in ``_listed``, start, end)] of every occurrence, by end
        self._found: dict[str, list[tuple[int, int, int]]] = {}
        # lowered text -> where its occurrences end, in order (as ``_found``)
        self._ends: dict[str, list[int]] = {}

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
                found = self._occurrences(lowered)[0]
                listed = self._listed  # as (re)built for the automaton that found them
                known = frozenset([listed[number] for number, _, _ in found])
            _remember(self._present, lowered, known)
        return known

    def seed_pieces(self, lowered: str, pieces: dict[str, tuple[str, int, int]]) -> None:
        """A new post: forget the last one, read ``lowered`` (its prose) once, and answer for
        its pieces (blocks, sentences) from that one pass when asked. ``pieces`` maps each
        piece to (``lowered``, a, b) with ``lowered[a:b] == piece``."""
        self._forget()
        self._found_in(lowered)
        self._pieces = pieces

    def present_in_parts(
        self, lowered: str, parts: list[tuple[str, int, int]]
    ) -> list[frozenset[str]]:
        """``present`` of each ``lowered[a:b]`` for ``(piece, a, b)`` in ``parts`` (seeded text,
        parts in order and not overlapping): one walk over the text's occurrences instead of a
        search per part."""
        found = self._found_in(lowered)
        listed = self._listed
        held: list[list[str]] = [[] for _ in parts]
        limit = len(found)
        at = 0
        # By end: ``lowered[a:b]`` holds the occurrences that end in (a, b] and start at a or
        # after (a string is never empty, so one that starts in [a, b) and ends by b does).
        for part, (_, a, b) in enumerate(parts):
            while at < limit and found[at][2] <= a:
                at += 1
            words = held[part]
            while at < limit and found[at][2] <= b:
                number, start, _ = found[at]
                if start >= a:
                    words.append(listed[number])
                at += 1
        answers: list[frozenset[str]] = []
        known = self._present
        for (piece, _, _), words in zip(parts, held, strict=True):
            answer = known.get(piece)
            if answer is None:
                answer = frozenset(words) if words else _NOTHING
                _remember(known, piece, answer)
            answers.append(answer)
        return answers

    def present_at(self, lowered: str, a: int, b: int) -> frozenset[str]:
        """``present(lowered[a:b])`` of a seeded text, without slicing it."""
        return self._inside(lowered, a, b)

    def _inside(self, lowered: str, a: int, b: int) -> frozenset[str]:
        found = self._found_in(lowered)
        ends = self._ends.get(lowered) or [end for _, _, end in found]
        low, high = bisect_right(ends, a), bisect_right(ends, b)  # as in ``present_in_parts``
        if low == high:
            return _NOTHING
        listed = self._listed
        return frozenset([listed[number] for number, start, _ in found[low:high] if start >= a])

    def _found_in(self, lowered: str) -> list[tuple[int, int, int]]:
        found = self._found.get(lowered)
        if found is None:
            found, ends = self._occurrences(lowered)
            _remember(self._found, lowered, found)
            _remember(self._ends, lowered, ends)
            listed = self._listed
            _remember(self._present, lowered, frozenset([listed[n] for n, _, _ in found]))
        return found

    def _occurrences(self, lowered: str) -> tuple[list[tuple[int, int, int]], list[int]]:
        """(number in ``_listed``, start, end) of every occurrence, overlapping ones too, in
        the order of their ends; and those ends."""
        automaton = self._automaton
        if automaton is None:
            if self.preload is not None:
                preload, self.preload = self.preload, None
                preload()
            if not self._words:
                return [], []
            self._listed = sorted(self._words)
            # The contiguous NFA (72 kB): the DFA (10 MB) scans a post faster on its own, but
            # slower between the other rules, whose work pushes its table out of the caches.
            automaton = self._automaton = ahocorasick_rs.AhoCorasick(
                self._listed,
                matchkind=ahocorasick_rs.MatchKind.Standard,
                implementation=ahocorasick_rs.Implementation.ContiguousNFA,
            )
        found = automaton.find_matches_as_indexes(lowered, overlapping=True)
        # The automaton reads the text once and reports each occurrence where it ends, so in
        # order already; checked all the same (a sorted list is one run: cheap to confirm).
        ends = [end for _, _, end in found]
        if ends != sorted(ends):
            found.sort(key=_end)
            ends.sort()
        return found, ends

    def _forget(self) -> None:
        for cache in (self._present, self._pieces, self._found, self._ends):
            cache.clear()


def _end(occurrence: tuple[int, int, int]) -> int:
    return occurrence[2]


def _remember(cache: dict, key, value) -> None:
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[key] = value


# One per process: every family registers its strings here.
INDEX = LiteralIndex()
