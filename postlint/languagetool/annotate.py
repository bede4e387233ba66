"""Build LanguageTool's annotated text from the prose view, and map match offsets back.

LanguageTool checks the plain text made of the ``text`` parts and the ``interpretAs`` of
``markup`` parts, and reports offsets in the *original* text: every ``text`` and ``markup``
part concatenated, counted in UTF-16 code units (Java string indices). Each part here
remembers the file span it stands for, so an offset maps back to an exact file offset.

Prose characters become ``text`` parts only where they equal the file's characters; the
rest of the file between prose characters (emphasis markers, link destinations, inline code,
blockquote prefixes, entities) becomes ``markup``. Inline code and bare URLs read as a dummy
word (``interpretAs``) so "run `make` now" is not checked as "run  now"; blocks are
separated by a paragraph break. Code blocks, front matter and HTML blocks are never sent.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from postlint.prose import ProseBlock, split_sentences

BLOCK_SEPARATOR = "\n\n"
# Markup longer than this is sent as a short stand-in: LanguageTool ignores markup, and the
# public API counts request bytes. Offsets inside a stand-in map to the span it replaces.
MAX_MARKUP = 40


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of LanguageTool's offsets."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _codepoints(text: str, units: int) -> int:
    """How many characters of ``text`` fill ``units`` UTF-16 code units."""
    if len(text) == utf16_len(text):
        return min(units, len(text))
    count = 0
    for i, char in enumerate(text):
        if count >= units:
            return i
        count += 2 if ord(char) > 0xFFFF else 1
    return len(text)


@dataclass(frozen=True)
class Part:
    """One annotation part and the file span ``[file_start, file_end)`` it stands for."""

    content: str  # what is sent as "text" or "markup"
    file_start: int
    file_end: int
    markup: bool = False
    interpret_as: str | None = None

    @property
    def exact(self) -> bool:
        """The sent content is the file's text, so offsets inside it map one to one."""
        return not self.markup or self.file_end - self.file_start == len(self.content)

    def as_json(self) -> dict[str, str]:
        if not self.markup:
            return {"text": self.content}
        if self.interpret_as is None:
            return {"markup": self.content}
        return {"markup": self.content, "interpretAs": self.interpret_as}


@dataclass
class Chunk:
    """The annotated text of one request: consecutive prose from one document."""

    parts: list[Part] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)  # UTF-16 offset of each part
    size: int = 0  # UTF-16 length of the original text (text + markup)
    plain_size: int = 0  # UTF-16 length of the plain text LanguageTool checks

    def add(self, part: Part) -> None:
        if not part.content and part.interpret_as is None:
            return
        self.parts.append(part)
        self._starts.append(self.size)
        self.size += utf16_len(part.content)
        if not part.markup:
            self.plain_size += utf16_len(part.content)
        elif part.interpret_as:
            self.plain_size += utf16_len(part.interpret_as)

    def data(self) -> str:
        """The ``data`` parameter of ``/v2/check``."""
        annotation = [part.as_json() for part in self.parts]
        return json.dumps({"annotation": annotation}, ensure_ascii=False, separators=(",", ":"))

    def file_offset(self, offset: int, *, end: bool = False) -> tuple[int, bool]:
        """File offset of a UTF-16 ``offset`` into the original text; and whether it is exact.

        With ``end`` the offset is exclusive (the end of a match): it maps to the end of the
        character before it, so a match ending just before markup does not swallow it.
        """
        if not self.parts:
            return 0, False
        probe = offset - 1 if end and offset > 0 else offset
        i = max(0, bisect.bisect_right(self._starts, probe) - 1)
        part = self.parts[i]
        delta = offset - self._starts[i]
        if part.markup and not part.exact:
            return (part.file_end if end else part.file_start), False
        if delta >= utf16_len(part.content):
            return part.file_end, not part.markup
        return part.file_start + _codepoints(part.content, delta), not part.markup

    def file_span(self, offset: int, length: int) -> tuple[int, int, bool]:
        """File span of a match, and whether it lies within one text part (safe to replace)."""
        start, start_exact = self.file_offset(offset)
        stop, stop_exact = self.file_offset(offset + length, end=True)
        stop = max(start, stop)
        same = self._part_index(offset) == self._part_index(max(offset, offset + length - 1))
        return start, stop, start_exact and stop_exact and same

    def _part_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._starts, offset) - 1)


@dataclass(frozen=True)
class Piece:
    """``block.text[start:end]``: a whole block, or a slice of one too long for a request."""

    block: ProseBlock
    start: int
    end: int


def build_chunks(text: str, blocks: list[ProseBlock], max_plain: int) -> list[Chunk]:
    """Annotated chunks of at most ``max_plain`` UTF-16 units of plain text each.

    Blocks are never split across chunks unless one block alone is over the limit; then it
    is split at sentence ends (or, for one huge sentence, at spaces).
    """
    chunks: list[Chunk] = []
    current: Chunk | None = None
    previous_end = 0
    for piece in _pieces(blocks, max_plain):
        parts = list(_piece_parts(text, piece))
        size = sum(
            utf16_len(p.content) if not p.markup else utf16_len(p.interpret_as or "") for p in parts
        )
        if current is not None and current.plain_size + len(BLOCK_SEPARATOR) + size > max_plain:
            chunks.append(current)
            current = None
        if current is None:
            current = Chunk()
        elif parts:
            stand_in = text[previous_end : parts[0].file_start]
            if len(stand_in) > MAX_MARKUP:
                stand_in = BLOCK_SEPARATOR
            current.add(
                Part(
                    stand_in or BLOCK_SEPARATOR,
                    previous_end,
                    parts[0].file_start,
                    markup=True,
                    interpret_as=BLOCK_SEPARATOR,
                )
            )
        for part in parts:
            current.add(part)
        if parts:
            previous_end = parts[-1].file_end
    if current is not None and current.parts:
        chunks.append(current)
    return chunks


def _pieces(blocks: list[ProseBlock], max_plain: int) -> Iterator[Piece]:
    for block in blocks:
        text = block.text
        if utf16_len(text) <= max_plain:
            yield Piece(block, 0, len(text))
            continue
        # Too long for one request: cut at sentence ends, then at spaces if need be.
        bounds = [0, *[s.start for s in split_sentences(block)][1:], len(text)]
        start = end = 0
        for stop in bounds[1:]:
            if utf16_len(text[start:stop]) <= max_plain:
                end = stop
                continue
            if end > start:
                yield Piece(block, start, end)
                start = end
            while utf16_len(text[start:stop]) > max_plain:  # one huge sentence
                limit = start + max_plain
                while utf16_len(text[start:limit]) > max_plain:
                    limit -= 1
                space = text.rfind(" ", start + 1, limit)
                cut = space if space > start else limit
                yield Piece(block, start, cut)
                start = cut
            end = stop
        if start < len(text):
            yield Piece(block, start, len(text))


def _piece_parts(text: str, piece: Piece) -> Iterator[Part]:
    """Parts for ``piece.block.text[piece.start:piece.end]``, in file order."""
    block, a, b = piece.block, piece.start, piece.end
    cursor: int | None = None
    pending_fake = ""  # prose characters that map onto file text already emitted
    for prose, source, length in block.segments:
        lo, hi = max(prose, a), min(prose + length, b)
        if lo >= hi:
            continue
        src = source + (lo - prose)
        n = hi - lo
        words = block.text[lo:hi]
        if cursor is not None and src < cursor:
            pending_fake += words  # an escape mapped onto an earlier character; rare
            continue
        if cursor is not None and src > cursor:
            yield from _gap(text, block, cursor, src, pending_fake)
            pending_fake = ""
        original = text[src : src + n]
        if original == words:
            yield Part(original, src, src + n)
        else:  # an entity or escape: the file says `&amp;`, the reader reads `&`
            yield Part(original, src, src + n, markup=True, interpret_as=words)
        cursor = src + n


def _gap(text: str, block: ProseBlock, start: int, end: int, fake: str) -> Iterator[Part]:
    """Markup for ``text[start:end]``, the source between two runs of prose of one block."""
    position = start
    for elision in block.elisions:
        if elision.source_end <= start or elision.source_start >= end:
            continue
        e_start, e_end = max(elision.source_start, start), min(elision.source_end, end)
        if e_start > position:
            yield _markup(text, position, e_start)
        yield _markup(text, e_start, e_end, _dummy(text, elision.kind, e_start))
        position = e_end
    if end > position:
        yield _markup(text, position, end, fake or None)
    elif fake:
        yield _markup(text, end, end, fake)


def _dummy(text: str, kind: str, at: int) -> str | None:
    """What inline code or a bare URL reads as; link destinations and images read as nothing."""
    if kind not in ("code", "url") or text.startswith("]", at):
        return None
    return "Dummy"


def _markup(text: str, start: int, end: int, interpret_as: str | None = None) -> Part:
    content = text[start:end]
    if len(content) > MAX_MARKUP or not content:
        content = "\u2060"  # WORD JOINER: one unit of markup, never read as prose
    return Part(content, start, end, markup=True, interpret_as=interpret_as)
