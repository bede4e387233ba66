"""Phrase families: the data files in ``phrases/`` compiled once per process.

A family file is plain text, one phrasing per line, so adding a phrasing is adding a line:

- ``# ...`` is a comment; blank lines are ignored;
- ``@keywords: a, b, c`` lists lowercase substrings of which at least one must occur in a
  text before the family's regexes are tried at all (a cheap pre-check: most posts contain
  none of them);
- ``[start]``, ``[end]`` and ``[anywhere]`` open a section: where in the post the phrasings
  that follow count (at the start of the body, at its end, or anywhere in the prose);
- every other line is a Python regular expression, matched case-insensitively. Write ``'``
  for apostrophes: curly quotes are folded to straight ones before matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

SECTIONS = ("start", "end", "anywhere")
_QUOTE_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


class PhraseFileError(Exception):
    """A phrase file has a line that is not a valid regular expression."""


@dataclass(frozen=True)
class Family:
    name: str
    keywords: tuple[str, ...]
    patterns: dict[str, re.Pattern[str] | None]  # section -> one alternation of its lines

    def __post_init__(self) -> None:
        object.__setattr__(self, "_keyword_re", keyword_pattern(self.keywords))

    def may_match(self, lowered: str) -> bool:
        """Cheap pre-check on lowercased text: can any phrasing of this family occur in it?"""
        found = self._keyword_re  # type: ignore[attr-defined]
        return found is None or found.search(lowered) is not None

    def keyword_search(self, lowered: str, start: int) -> int | None:
        """Where the first keyword at or after ``start`` in ``lowered`` begins (``start`` itself
        when the family has no keywords)."""
        found = self._keyword_re  # type: ignore[attr-defined]
        if found is None:
            return start if start < len(lowered) else None
        hit = found.search(lowered, start)
        return hit.start() if hit else None

    def may_match_in(self, section: str, lowered: str) -> bool:
        """The pre-check for the phrasings of one section (the keywords are shared)."""
        return self.may_match(lowered)

    def search(self, section: str, text: str) -> re.Match[str] | None:
        pattern = self.patterns.get(section)
        return pattern.search(text) if pattern is not None else None

    def finditer(self, section: str, text: str):
        pattern = self.patterns.get(section)
        return pattern.finditer(text) if pattern is not None else iter(())


def keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regular expression that finds any of ``keywords`` as a substring, written as a trie
    (``se(?:arch|nt)``): the engine then rejects most positions on their first character,
    two to four times faster than testing the keywords one by one."""
    if not keywords:
        return None
    trie: dict = {}
    for word in keywords:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        if "" in node:  # a keyword ends here: any longer one is found through it
            return ""
        alternatives = [re.escape(c) + build(node[c]) for c in sorted(node)]
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return re.compile(build(trie))


def fold_quotes(text: str) -> str:
    """Curly quotes to straight ones; the length and so every offset stays the same."""
    # Most text has none, and four substring tests are far cheaper than a translation.
    if "\u2019" in text or "\u201c" in text or "\u2018" in text or "\u201d" in text:
        return text.translate(_QUOTE_FOLD)
    return text


@cache
def family(name: str) -> Family:
    """Load and compile ``phrases/<name>.txt`` (once per process); ``cues:<kind>`` is the
    kind's scored cues (``cues.py``), which match like a family."""
    if name.startswith("cues:"):
        # Imported here: scored cues are built from families, so cues imports this module.
        from .cues import cue_family

        return cue_family(name[5:])  # type: ignore[return-value]
    source = resources.files(__package__).joinpath("phrases", f"{name}.txt")
    return parse_family(name, source.read_text(encoding="utf-8"))


def parse_family(name: str, text: str) -> Family:
    keywords: list[str] = []
    lines: dict[str, list[str]] = {section: [] for section in SECTIONS}
    section = "anywhere"
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@keywords:"):
            keywords.extend(k.strip().lower() for k in line[10:].split(",") if k.strip())
            continue
        if line.startswith("[") and line.endswith("]") and line[1:-1] in SECTIONS:
            section = line[1:-1]
            continue
        try:
            re.compile(line)
        except re.error as exc:
            raise PhraseFileError(f"phrases/{name}.txt:{number}: {exc}") from None
        lines[section].append(line)
    patterns = {
        section: re.compile("|".join(f"(?:{p})" for p in found), re.IGNORECASE) if found else None
        for section, found in lines.items()
    }
    return Family(name, tuple(keywords), patterns)
