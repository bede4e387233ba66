"""The prose view: the text a reader reads, with a map back to the file.

A ``ProseBlock`` is one run of inline text (a paragraph, heading, list-item paragraph or table
cell) with code, URLs, images and HTML taken out. Every character of its ``text`` maps back to
an offset in the file, so a rule that finds something in prose reports the file's line:column.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

# Words as a reader counts them: runs that contain a letter or digit.
WORD = re.compile(r"[^\W_](?:[\w'’.\-]*[^\W_])?")
_SENTENCE_END = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s+|$)""")
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

    @cached_property
    def _starts(self) -> list[int]:
        return [s[0] for s in self.segments]

    @cached_property
    def word_count(self) -> int:
        """Words of the block, counted once however many rules ask (RT, RD, stats)."""
        return count_words(self.text)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """File offsets of ``text[start:end]``."""
        if end <= start:
            s = self.source_offset(start)
            return s, s
        return self.source_offset(start), self.source_offset(end - 1) + 1


@dataclass
class Sentence:
    text: str
    block: ProseBlock
    start: int  # offset in the block's text
    end: int

    @cached_property
    def word_count(self) -> int:
        return count_words(self.text)


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

    @cached_property
    def text(self) -> str:
        return self.SEPARATOR.join(block.text for block in self.blocks)

    @cached_property
    def paragraphs(self) -> list[ProseBlock]:
        return [b for b in self.blocks if b.kind == "paragraph"]

    @cached_property
    def headings(self) -> list[ProseBlock]:
        return [b for b in self.blocks if b.kind == "heading"]

    @cached_property
    def word_count(self) -> int:
        return sum(block.word_count for block in self.blocks)

    @cached_property
    def sentences(self) -> list[Sentence]:
        out: list[Sentence] = []
        for block in self.blocks:
            out.extend(split_sentences(block))
        return out


def count_words(text: str) -> int:
    return len(WORD.findall(text))


def split_sentences(block: ProseBlock) -> Iterator[Sentence]:
    """Sentences of one block. Headings and table cells are one sentence each."""
    text = block.text
    if block.kind != "paragraph":
        stripped = text.strip()
        if stripped:
            start = text.index(stripped[0])
            yield Sentence(stripped, block, start, start + len(stripped))
        return
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if match.group(0).startswith(".") and _is_abbreviation(text, match.start()):
            continue
        yield from _sentence(block, text, start, end)
        start = end
    yield from _sentence(block, text, start, len(text))


def _is_abbreviation(text: str, dot: int) -> bool:
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return True
    # A decimal number or version like 3.11 is not a sentence end; neither is "e.g."
    return dot + 1 < len(text) and text[dot + 1].isdigit()


def _sentence(block: ProseBlock, text: str, start: int, end: int) -> Iterator[Sentence]:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    yield Sentence(stripped, block, start + lead, start + lead + len(stripped))
