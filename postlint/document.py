"""The document model: one file, read once, parsed lazily.

Rules ask a ``Document`` for what they need (front matter, key lines, prose, sentences, code
blocks); each view is computed at most once and only when some rule asks for it.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

from postlint.frontmatter import FrontMatter, parse_front_matter
from postlint.lines import LineIndex
from postlint.markdown import CodeBlock, Comment, Image, Link, ParsedBody, parse_body
from postlint.prose import Prose, ProseBlock, Sentence, computed_once

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeProblem(Exception):
    """The file's bytes are not text postlint can read; carries the line where it went wrong."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def decode(raw: bytes) -> tuple[str, str, bytes]:
    """Decode file bytes; returns (text without BOM, encoding, BOM bytes)."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom) :]
            try:
                return body.decode(encoding), encoding, bom
            except UnicodeDecodeError as exc:
                raise _bad_bytes(body, exc, encoding) from None
    head = raw[:8192]
    if b"\x00" in head:
        if _looks_like_utf16(head):
            raise DecodeProblem(
                "looks like UTF-16 without a byte-order mark; save the file as "
                "UTF-8 (or UTF-16 with a BOM)"
            )
        raise DecodeProblem("binary file (contains NUL bytes), not a text post")
    try:
        return raw.decode("utf-8"), "utf-8", b""
    except UnicodeDecodeError as exc:
        raise _bad_bytes(raw, exc, "utf-8") from None


def _looks_like_utf16(head: bytes) -> bool:
    """ASCII-heavy text in UTF-16 has a NUL in every other byte, all on the same side."""
    even, odd = head[0::2], head[1::2]
    if len(head) < 4:
        return False
    return any(
        half.count(0) >= 0.9 * len(half) and other.count(0) == 0
        for half, other in ((even, odd), (odd, even))
    )


def _bad_bytes(raw: bytes, exc: UnicodeDecodeError, encoding: str) -> DecodeProblem:
    before = raw[: exc.start]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode(encoding, errors="replace")) + 1
    return DecodeProblem(
        f"not valid {encoding.upper()}: byte 0x{raw[exc.start]:02x} at offset {exc.start} "
        f"cannot be decoded; save the file as UTF-8",
        line,
        column,
    )


def dominant_newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    best = max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"))
    return best[1] if best[0] else "\n"


class Document:
    """One Markdown file. ``text`` is the decoded content without the BOM; offsets index it."""

    def __init__(
        self, path: Path | str, text: str, *, encoding: str = "utf-8", bom: bytes = b""
    ) -> None:
        self.path = path if isinstance(path, Path) else Path(path)  # Path(path): 2 µs a file
        self.text = text
        self.encoding = encoding
        self.bom = bom

    @classmethod
    def from_bytes(cls, path: Path | str, raw: bytes) -> Document:
        text, encoding, bom = decode(raw)
        return cls(path, text, encoding=encoding, bom=bom)

    def encode(self, text: str | None = None) -> bytes:
        """Bytes of ``text`` (default: this document) with this file's encoding and BOM."""
        return self.bom + (self.text if text is None else text).encode(self.encoding)

    # --- lines -----------------------------------------------------------------------------
    @computed_once
    def index(self) -> LineIndex:
        return LineIndex(self.text)

    @computed_once
    def newline(self) -> str:
        return dominant_newline(self.text)

    @computed_once
    def lines(self) -> list[str]:
        return [self.index.line_text(n) for n in range(1, self.index.line_count + 1)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset in ``text``."""
        return self.index.position(offset)

    # --- front matter ----------------------------------------------------------------------
    @computed_once
    def front_matter(self) -> FrontMatter:
        return parse_front_matter(self.text, self.index)

    @property
    def meta(self) -> dict[str, Any]:
        """The front matter values ({} when absent or malformed)."""
        return self.front_matter.data

    def key_line(self, key: str) -> int | None:
        return self.front_matter.key_line(key)

    # --- body ------------------------------------------------------------------------------
    @property
    def body_offset(self) -> int:
        return self.front_matter.body_offset

    @computed_once
    def body_line(self) -> int:
        """File line where the body starts."""
        return self.index.position(self.body_offset)[0] if self.body_offset else 1

    @property
    def body(self) -> str:
        return self.text[self.body_offset :]

    @computed_once
    def _parsed(self) -> ParsedBody:
        mdx = self.path.suffix.lower() == ".mdx"
        return parse_body(self.text, self.body_offset, self.index, mdx=mdx)

    @computed_once
    def prose(self) -> Prose:
        return Prose(self._parsed.blocks)

    @property
    def blocks(self) -> list[ProseBlock]:
        return self.prose.blocks

    @property
    def sentences(self) -> list[Sentence]:
        return self.prose.sentences

    @property
    def paragraphs(self) -> list[ProseBlock]:
        return self.prose.paragraphs

    @property
    def headings(self) -> list[ProseBlock]:
        return self.prose.headings

    @property
    def word_count(self) -> int:
        return self.prose.word_count

    @property
    def code_blocks(self) -> list[CodeBlock]:
        return self._parsed.code_blocks

    @property
    def images(self) -> list[Image]:
        return self._parsed.images

    @property
    def links(self) -> list[Link]:
        return self._parsed.links

    @property
    def comments(self) -> list[Comment]:
        return self._parsed.comments

    @property
    def thematic_breaks(self) -> list[int]:
        return self._parsed.thematic_breaks

    def prose_position(self, block: ProseBlock, offset: int) -> tuple[int, int]:
        """File (line, column) of ``block.text[offset]``."""
        return self.index.position(block.source_offset(offset))
