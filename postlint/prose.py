"""The prose view: the text a reader reads, with a map back to the file.

A ``ProseBlock`` is one run of inline text (a paragraph, heading, list-item paragraph or table
cell) with code, URLs, images and HTML taken out. Every character of its ``text`` maps back to
an offset in the file, so a rule that finds something in prose reports the file's line:column.
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

_T = TypeVar("_T")


class computed_once(Generic[_T]):  # noqa: N801 (used as a decorator, like cached_property)
    """``functools.cached_property`` without its lock: Python 3.11 takes an RLock on every
    first access, which costs more than most of these views (a post has dozens of blocks,
    each asked for its sentences and words). The value goes into the instance's ``__dict__``
    under the same name, so later reads never reach this descriptor."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> _T:
        if instance is None:
            return self  # type: ignore[return-value]
        value = instance.__dict__[self.name] = self.func(instance)
        return value


# Words as a reader counts them: runs that contain a letter or digit.
WORD = re.compile(r"[^\W_](?:[\w'’.\-]*[^\W_])?")
# Counts the same words without backtracking: a run of WORD's characters holds one WORD match
# (from its first letter or digit to its last) exactly when it holds a letter or digit, and
# this matches from that letter to the run's end. Same count, less work per word.
_WORD_COUNTED = re.compile(r"[^\W_][\w'’.\-]*")
# "[.!?…]+" spelt "[.!?…][.!?…]*" (the same matches): a pattern that opens with a single
# character class lets re skip to the next candidate character in C, three times faster than
# trying the repeat at every position.
_SENTENCE_END = re.compile(r"""[.!?…][.!?…]*["'”’)\]]*(?=\s+|$)""")
# The same count for an ASCII text without a pattern: a WORD match is a maximal run of
# WORD's characters (letters, digits, _ ' . -) that holds a letter or digit. Every other
# character becomes a space, letters and digits become "a", and _ ' . - are deleted (never
# merging two runs, which the spaces keep apart): each such run leaves one "a"-run, and a run
# without a letter or digit leaves nothing. bytes.translate does that at C speed, without the
# string per word that findall makes (measured 2.5x faster on the sentences of real posts).
_ASCII_WORD_MARKS = bytes(ord("a") if chr(code).isalnum() else ord(" ") for code in range(256))
_ASCII_WORD_JOINERS = b"_'.-"

_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "vs",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "fig",
        "no",
        "cf",
        "al",
        "approx",
        "dept",
        "est",
        "ca",
    ]
)


@dataclass
class Elision:
    """Something in the source that the prose leaves out (inline code, a URL, an image, HTML)."""

    prose_offset: int  # where in the block's text it stood
    kind: str  # "code", "url", "image", "html"
    source_start: int
    source_end: int
    content: str = ""


@dataclass
class ProseBlock:
    kind: str  # "paragraph", "heading" or "table_cell"
    text: str
    line: int  # first file line of the block
    end_line: int  # last file line of the block
    level: int = 0  # heading level
    blockquote_depth: int = 0
    list_depth: int = 0
    start: int = 0  # offset of ``text`` inside ``Prose.text``
    index: int = 0  # position among the document's blocks
    segments: list[tuple[int, int, int]] = field(default_factory=list)  # (prose, source, length)
    elisions: list[Elision] = field(default_factory=list)
    source_start: int = 0  # file offset of the block's first character
    source_end: int = 0  # file offset just past the block's last character

    @property
    def in_blockquote(self) -> bool:
        return self.blockquote_depth > 0

    def source_offset(self, offset: int) -> int:
        """File offset of ``text[offset]`` (an offset at the very end maps past the last char)."""
        if not self.segments:
            return self.source_start
        i = max(0, bisect.bisect_right(self._starts, offset) - 1)
        prose, source, length = self.segments[i]
        if offset - prose <= length:
            return source + (offset - prose)
        return source + length

    @computed_once
    def _starts(self) -> list[int]:
        return [s[0] for s in self.segments]

    @computed_once
    def sentences(self) -> list[Sentence]:
        """The block's sentences, split once (with their word counts)."""
        sentences, words = _split(self)
        self.__dict__["word_count"] = words  # what word_count would sum, known already
        return sentences

    @computed_once
    def word_count(self) -> int:
        """Words of the block, counted once however many rules ask (RT, RD, stats).

        The sum of its sentences' counts: a word never spans a sentence boundary (a sentence
        ends before whitespace) and the text between sentences is whitespace, so this equals
        ``count_words(self.text)`` without scanning the text a second time. Splitting the
        sentences stores it in the instance, so this runs only before they are split.
        """
        self.sentences  # noqa: B018 (splitting them sets word_count)
        return self.__dict__["word_count"]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """File offsets of ``text[start:end]``."""
        if end <= start:
            s = self.source_offset(start)
            return s, s
        return self.source_offset(start), self.source_offset(end - 1) + 1


class Sentence:
    """One sentence of a block: ``block.text[start:end]`` is ``text``.

    The block keeps its sentences and a sentence points back at its block; holding that
    pointer weakly leaves no reference cycle, so a linted document is freed at once instead
    of waiting for the garbage collector (5 % of a run's CPU time went to collecting them).
    """

    __slots__ = ("text", "_block", "start", "end", "word_count")

    def __init__(self, text: str, block: ProseBlock, start: int, end: int, word_count: int) -> None:
        self.text = text
        self._block = weakref.ref(block)
        self.start = start  # offset in the block's text
        self.end = end
        self.word_count = word_count  # count_words(text), counted when the sentence is split off

    @property
    def block(self) -> ProseBlock:
        block = self._block()
        assert block is not None, "a sentence outlived its block"
        return block

    def __repr__(self) -> str:
        return f"Sentence({self.text!r}, start={self.start}, end={self.end})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sentence):
            return NotImplemented
        return (self.text, self.block, self.start, self.end) == (
            other.text,
            other.block,
            other.start,
            other.end,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaces


class Prose:
    """All prose blocks of a document, and the joined text (blocks separated by blank lines)."""

    SEPARATOR = "\n\n"

    def __init__(self, blocks: list[ProseBlock]) -> None:
        self.blocks = blocks
        position = 0
        for i, block in enumerate(blocks):
            block.index = i
            block.start = position
            position += len(block.text) + len(self.SEPARATOR)

    @computed_once
    def text(self) -> str:
        return self.SEPARATOR.join(block.text for block in self.blocks)

    @computed_once
    def paragraphs(self) -> list[ProseBlock]:
        return [b for b in self.blocks if b.kind == "paragraph"]

    @computed_once
    def headings(self) -> list[ProseBlock]:
        return [b for b in self.blocks if b.kind == "heading"]

    @computed_once
    def word_count(self) -> int:
        return sum(block.word_count for block in self.blocks)

    @computed_once
    def sentences(self) -> list[Sentence]:
        out: list[Sentence] = []
        for block in self.blocks:
            out.extend(block.sentences)
        return out


def count_words(text: str) -> int:
    """How many ``WORD`` matches ``text`` holds."""
    if text.isascii():  # O(1): CPython keeps the flag
        marked = text.encode("ascii").translate(_ASCII_WORD_MARKS, _ASCII_WORD_JOINERS)
        return marked.count(b" a") + marked.startswith(b"a")
    return len(_WORD_COUNTED.findall(text))


def split_sentences(block: ProseBlock) -> list[Sentence]:
    """Sentences of one block. Headings and table cells are one sentence each."""
    return _split(block)[0]


def _split(block: ProseBlock) -> tuple[list[Sentence], int]:
    """The sentences of ``block`` and the sum of their word counts.

    Once a block, over 50,000 times in a run of 2,000 posts: the abbreviation test is
    ``_is_abbreviation`` written out, and words are counted as ``count_words`` counts them.
    """
    text = block.text
    words = count_words
    if block.kind != "paragraph":
        stripped = text.strip()
        if not stripped:
            return [], 0
        start = text.index(stripped[0])
        count = words(stripped)
        return [Sentence(stripped, block, start, start + len(stripped), count)], count
    ends = []
    for match in _SENTENCE_END.finditer(text):
        dot = match.start()
        if text[dot] == ".":
            # _is_abbreviation(text, dot), less its digit test: a match needs whitespace or
            # the end of the text right after its punctuation, so no digit follows this dot.
            found = _SHORT_WORD_BEFORE.search(text, dot - 6 if dot > 6 else 0, dot)
            if found is not None:
                word = found.group().lower()
                if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                    continue
        ends.append(match.end())
    out: list[Sentence] = []
    total = 0
    if not ends:  # no sentence end (a list item, a caption): one sentence, no slicing
        stripped = text.strip()
        if stripped:
            lead = len(text) - len(text.lstrip())
            total = words(stripped)
            out.append(Sentence(stripped, block, lead, lead + len(stripped), total))
        return out, total
    ends.append(len(text))
    start = 0
    for end in ends:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            lead = start + len(piece) - len(piece.lstrip())
            count = words(stripped)
            total += count
            out.append(Sentence(stripped, block, lead, lead + len(stripped), count))
        start = end
    return out, total


# The run of letters, digits and dots just before a dot, when it is short enough to be one
# of the abbreviations (the longest is six characters) or a single letter.
_SHORT_WORD_BEFORE = re.compile(r"(?<![^\W_])(?<!\.)(?:[^\W_]|\.){1,6}\Z")
assert max(map(len, _ABBREVIATIONS)) <= 6, "an abbreviation longer than _SHORT_WORD_BEFORE allows"


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the dot at ``dot`` ends an abbreviation or a number rather than a sentence
    (``_split`` has it written out; the tests hold the two to each other)."""
    # A decimal number or version like 3.11 is not a sentence end; neither is "e.g."
    if dot + 1 < len(text) and text[dot + 1].isdigit():
        return True
    found = _SHORT_WORD_BEFORE.search(text, max(0, dot - 6), dot)
    if found is None:
        return False
    word = found.group().lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
