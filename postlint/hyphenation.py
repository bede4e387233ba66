"""Counting pyphen's hyphenation points, faster, with pyphen's own patterns and answers.

textstat counts a word outside the CMU dictionary as ``len(Pyphen(lang).positions(word)) + 1``.
pyphen (Liang's algorithm) looks up every substring of the word up to the longest pattern's
length, about ten dictionary probes per letter. Most of those substrings start no pattern at
all: knowing every pattern's prefixes, the scan from a letter stops at the first substring
that no pattern begins with. Same patterns, same points, so the same count;
``tests/test_hyphenation.py`` compares the two on every word of the CMU dictionary.
"""

from __future__ import annotations


class PointCounter:
    """``len(pyphen.positions(word))`` for one pyphen dictionary and its left/right limits."""

    def __init__(self, hyphenator) -> None:  # a pyphen.Pyphen
        hyph_dict = hyphenator.hd
        self.left: int = hyphenator.left
        self.right: int = hyphenator.right
        # The patterns as a trie of dicts, one level per letter; a pattern's (offset, values)
        # sit under the key None of the node where it ends.
        self.trie: dict = {}
        for key, found in hyph_dict.patterns.items():
            node = self.trie
            for char in key:
                node = node.setdefault(char, {})
            node[None] = found

    def count(self, word: str) -> int:
        # pyphen.HyphDict.positions, walking the trie from each letter instead of looking up
        # every substring: the walk ends where no pattern continues.
        pointed = f".{word.lower()}."
        size = len(pointed)
        references = [0] * (size + 1)
        trie = self.trie
        for i in range(size - 1):
            node = trie
            for char in pointed[i:]:
                node = node.get(char)
                if node is None:
                    break
                found = node.get(None)
                if found is not None:
                    offset, values = found
                    for k, value in enumerate(values, i + offset):
                        if k > size:
                            break  # pyphen's slice assignment stops at the list's end too
                        if value > references[k]:
                            references[k] = value
        # pyphen.Pyphen.positions keeps the points at least `left` from the start and
        # `right` from the end of the word as given.
        # Point i - 1 of the word is references[i]; odd values are points.
        first, stop = self.left + 1, len(word) - self.right + 2
        if stop <= first:
            return 0  # (and a negative stop must not index from the end)
        return sum(map((1).__and__, references[first:stop]))
