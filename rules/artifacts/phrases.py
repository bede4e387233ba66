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

Nothing else is needed for speed: the words every match of a line must hold are read off its
regex (``prefilter.py``), one pass over a post finds which of all families' keywords and
words it holds (``literals.py``), and a sentence is matched only against the lines whose
words it holds, with the same result as the section's alternation of all its lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .line_facts import LineFacts
from .literals import INDEX
from .prefilter import compile_line

SECTIONS = ("start", "end", "anywhere")
# The only characters outside ASCII that ``re.IGNORECASE`` matches to an ASCII letter (İ ı ſ
# and the Kelvin sign; tests/test_artifacts_prefilter.py derives them): in a text holding one,
# a lowercased literal may be missing where the regex still matches.
_SPECIAL_FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")
# Every phrase line is matched case-insensitively (an int: see prefilter.compile_line).
_FLAGS = int(re.IGNORECASE)
# The literal facts of every phrase line, kept between runs (line_facts.py).
FACTS = LineFacts(_FLAGS)
# A text is matched line by line only when fewer than 1/share of the lines may match it;
# otherwise the alternation tries them all in one pass.
_ALTERNATION_SHARE = 2


class PhraseFileError(Exception):
    """A phrase file has a line that is not a valid regular expression."""


class Alternation:
    """All lines of a section as one regex, compiled when first used: a text is mostly matched
    line by line (``Family.search``), and compiling every family's alternation up front
    would double the start-up time of a one-file run."""

    __slots__ = ("pattern", "_regex")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._regex: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        return self._regex or self._compile()

    def _compile(self) -> re.Pattern[str]:
        self._regex = re.compile(self.pattern, re.IGNORECASE)
        return self._regex

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        return (self._regex or self._compile()).search(text, *args)

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        return (self._regex or self._compile()).match(text, *args)

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        return (self._regex or self._compile()).finditer(text, *args)


class PhraseLine:
    """One phrasing of a family, with the strings any match holds; compiled on its own when
    first tried (most lines are never tried on most posts, see ``line_facts.py``)."""

    __slots__ = ("source", "needs", "empty", "_regex")

    def __init__(
        self,
        source: str,
        needs: frozenset[str] | None,
        empty: bool,
        regex: re.Pattern[str] | None = None,
    ) -> None:
        self.source = source
        self.needs = needs  # lowercase; None: no pre-check (see prefilter.py)
        self.empty = empty  # can match the empty string
        self._regex = regex

    @property
    def regex(self) -> re.Pattern[str]:
        return self._regex or self._compile()

    def _compile(self) -> re.Pattern[str]:
        self._regex = re.compile(self.source, _FLAGS)
        return self._regex


@dataclass(frozen=True)
class Family:
    name: str
    keywords: tuple[str, ...]
    patterns: dict[str, Alternation | None]  # section -> one alternation of its lines
    # section -> its lines one by one: a text is matched against those whose literals it holds
    lines: dict[str, tuple[PhraseLine, ...]] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_keyword_set", frozenset(self.keywords))
        # Sections with a line that can match the empty string: ``finditer`` steps on by
        # itself after an empty match, which separate searches would not reproduce.
        empty = {s for s, found in self.lines.items() if any(line.empty for line in found)}
        object.__setattr__(self, "_empty_ok", frozenset(empty))
        # section -> (lines tried always, literal -> the lines that need it, all those literals)
        pick: dict[str, tuple[tuple[int, ...], dict[str, list[int]], frozenset[str]]] = {}
        for section, found in self.lines.items():
            by_word: dict[str, list[int]] = {}
            for number, line in enumerate(found):
                for word in line.needs or ():
                    by_word.setdefault(word, []).append(number)
            always = tuple(n for n, line in enumerate(found) if line.needs is None)
            pick[section] = (always, by_word, frozenset(by_word))
            INDEX.add(by_word)
        object.__setattr__(self, "_pick", pick)
        object.__setattr__(self, "_line_gates", {})  # sections -> ``line_gate``
        INDEX.add(self.keywords)

    def may_match(self, lowered: str) -> bool:
        """Cheap pre-check on lowercased text: can any phrasing of this family occur in it?"""
        return self.may_match_present(INDEX.present(lowered))

    def may_match_present(self, present: frozenset[str]) -> bool:
        """``may_match`` of a text whose registered strings (``literals.INDEX``) are known."""
        keywords = self._keyword_set  # type: ignore[attr-defined]
        return not keywords or not keywords.isdisjoint(present)

    def may_match_in_present(self, section: str, present: frozenset[str]) -> bool:
        """The pre-check for the phrasings of one section of a text whose registered strings
        are ``present`` (the keywords are shared by all sections)."""
        return self.may_match_present(present)

    def may_match_lines(self, section: str, present: frozenset[str]) -> bool:
        """Whether ``search`` of an ASCII text whose registered strings are ``present`` may
        find a match: some line of the section needs no literal or has one in ``present``."""
        pick = self._pick.get(section)  # type: ignore[attr-defined]
        if pick is None:
            return self.patterns.get(section) is not None
        always, _, words = pick
        return bool(always) or not words.isdisjoint(present)

    def line_gate(self, sections: tuple[str, ...]) -> frozenset[str] | None:
        """Strings of which ``present`` must hold one for ``match``, ``search`` or
        ``finditer`` of these sections, given ``present``, to find anything in a text without
        special case folds (every line whose literals it lacks is skipped then). None: no such
        set, as a line needs no literal or may match the empty string."""
        gates = self._line_gates  # type: ignore[attr-defined]
        if sections not in gates:
            words: set[str] | None = set()
            for section in sections:
                pick = self._pick.get(section)  # type: ignore[attr-defined]
                if pick is None:
                    if self.patterns.get(section) is not None:
                        words = None  # matched by the alternation alone
                        break
                    continue
                always, _, held = pick
                if always or section in self._empty_ok:  # type: ignore[attr-defined]
                    words = None
                    break
                words |= held
            gates[sections] = None if words is None else frozenset(words)
        return gates[sections]

    def gate(self, section: str) -> frozenset[str] | None:
        """Strings of which a text must hold one to pass ``may_match_in_present`` of
        ``section`` (None: no such set): lets a caller skip most texts with one set test."""
        return self._keyword_set or None  # type: ignore[attr-defined]

    def search(
        self, section: str, text: str, *, present: frozenset[str] | None = None
    ) -> re.Match[str] | None:
        """The first match of the section's phrasings in ``text``, as their alternation finds
        it: the leftmost, and of those at one place the phrasing listed first. ``present``: the
        registered strings (``literals.INDEX``) of ``text``, when the caller has them."""
        pattern = self.patterns.get(section)
        if pattern is None:
            return None
        lines = self._candidates(section, text, present)
        if lines is None:
            return pattern.search(text)
        best = None
        for line in lines:
            match = line.search(text)
            if match is not None and (best is None or match.start() < best.start()):
                best = match
        return best

    def match(
        self, section: str, text: str, present: frozenset[str] | None = None
    ) -> re.Match[str] | None:
        """The section's alternation matched at the start of ``text``. ``present``: the
        registered strings (``literals.INDEX``) of a text that holds ``text``; the lines whose
        literals it lacks are then skipped. At one place the alternation takes the first line
        that matches, so trying the others one by one, in order, gives the same match."""
        pattern = self.patterns.get(section)
        if pattern is None:
            return None
        lines = self.lines.get(section)
        if present is None or not lines or (not text.isascii() and _SPECIAL_FOLDS.search(text)):
            return pattern.match(text)
        always, by_word, words = self._pick[section]  # type: ignore[attr-defined]
        held = words.intersection(present)
        # The lines that need no literal or one ``present`` holds, in their order (most texts
        # hold none of a section's literals: then only the lines that need none).
        numbers = sorted(set(always).union(*[by_word[w] for w in held])) if held else always
        for number in numbers:
            match = lines[number].regex.match(text)
            if match is not None:
                return match
        return None

    def finditer(
        self, section: str, text: str, present: frozenset[str] | None = None
    ) -> Iterator[re.Match[str]]:
        """The matches of the section's phrasings, as the alternation's ``finditer`` gives them
        (``present`` as for ``search``)."""
        pattern = self.patterns.get(section)
        if pattern is None:
            return iter(())
        empty_ok = self._empty_ok  # type: ignore[attr-defined]
        lines = self._candidates(section, text, present) if section not in empty_ok else None
        if lines is None:
            return pattern.finditer(text)
        return _merged(lines, text)

    def _candidates(
        self, section: str, text: str, present: frozenset[str] | None = None
    ) -> list[re.Pattern[str]] | None:
        """The lines of ``section`` whose literals occur in ``text`` (None: try them all at
        once, as the alternation: most of them may match, or case folding is not plain)."""
        lines = self.lines.get(section)
        if not lines or (not text.isascii() and _SPECIAL_FOLDS.search(text)):
            return None
        always, by_word, words = self._pick[section]  # type: ignore[attr-defined]
        held = words.intersection(INDEX.present(text.lower()) if present is None else present)
        if not held:
            return [lines[n].regex for n in always]
        numbers = set(always)
        for word in held:
            numbers.update(by_word[word])
        if len(numbers) * _ALTERNATION_SHARE >= len(lines):
            return None
        return [lines[n].regex for n in sorted(numbers)]


def _merged(lines: list[re.Pattern[str]], text: str) -> Iterator[re.Match[str]]:
    """``finditer`` of the alternation of ``lines`` (none matches the empty string): from
    where the last match ended, the leftmost match, the first line's on a tie."""
    pos = 0
    while True:
        best = None
        for regex in lines:
            match = regex.search(text, pos)
            if match is not None and (best is None or match.start() < best.start()):
                best = match
        if best is None:
            return
        yield best
        pos = best.end()


def folds_plainly(text: str) -> bool:
    """No letter of ``text`` folds to an ASCII letter under ``re.IGNORECASE`` unless it is one:
    the lowercased literals of the lines are then a sound pre-check for it."""
    return text.isascii() or not _SPECIAL_FOLDS.search(text)


def fold_quotes(text: str) -> str:
    """Curly quotes to straight ones; the length and so every offset stays the same."""
    # Most text has none, and four substring tests are far cheaper than a translation.
    if "\u2019" in text or "\u201c" in text or "\u2018" in text or "\u201d" in text:
        # Four replaces are several times faster than one translate through a dict.
        return (
            text.replace("\u2019", "'")
            .replace("\u2018", "'")
            .replace("\u201c", '"')
            .replace("\u201d", '"')
        )
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


def _load_every_family() -> None:
    """Every family file and scored kind, so that the literal index is built once with all
    their strings (a run of the default rules loads nearly all of them anyway)."""
    for path in resources.files(__package__).joinpath("phrases").iterdir():
        if path.name.endswith(".txt"):
            family(path.name[:-4])
    from .cues import cue_kinds  # cues imports this module

    for kind in cue_kinds():
        family(f"cues:{kind}")
    FACTS.store()  # when a line was new to the cache file


INDEX.preload = _load_every_family


def parse_family(name: str, text: str) -> Family:
    keywords: list[str] = []
    lines: dict[str, list[PhraseLine]] = {section: [] for section in SECTIONS}
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
        facts = FACTS.get(line)
        if facts is not None:
            lines[section].append(PhraseLine(line, *facts))
            continue
        try:
            regex, needs, empty = compile_line(line, _FLAGS)
        except re.error as exc:
            raise PhraseFileError(f"phrases/{name}.txt:{number}: {exc}") from None
        FACTS.add(line, (needs, empty))
        lines[section].append(PhraseLine(line, needs, empty, regex))
    patterns = {
        section: Alternation("|".join(f"(?:{line.source})" for line in found)) if found else None
        for section, found in lines.items()
    }
    compiled = {section: tuple(found) for section, found in lines.items() if found}
    return Family(name, tuple(keywords), patterns, compiled)
